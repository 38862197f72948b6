package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Routes view: the routes grid with their targets' state, and the route dialog. */
public final class RoutesPage {

  private final ConsoleBrowser browser;

  private RoutesPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("routes-grid")));
  }

  public static RoutesPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/routes");
    return new RoutesPage(browser);
  }

  public boolean canCreate() {
    return !browser.driver().findElements(By.id("new-route")).isEmpty();
  }

  /** Opens the dialog for a new route and fills in its name, prefix and one target. */
  public void fillNew(String name, String prefix, String target) {
    browser.click(By.id("new-route"));
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("route-name")));
    browser.type("route-name", name);
    browser.type("route-prefix", prefix);
    browser.driver().findElement(By.cssSelector("#route-targets textarea")).sendKeys(target);
  }

  public void replacePrefix(String prefix) {
    browser.replace("route-prefix", prefix);
  }

  /** Sets the headers the route sets, one "Name: value" per line. */
  public void setHeaders(String lines) {
    var area = browser.driver().findElement(By.cssSelector("#route-set-headers textarea"));
    area.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    area.sendKeys(lines);
  }

  /** Saves the open dialog, which the API refuses: the error under this field. */
  public String saveRefused(String field) {
    browser.click(By.id("route-save"));
    return browser.errorOf(field);
  }

  /** Saves the open dialog and waits until it closed. */
  public void save() {
    browser.click(By.id("route-save"));
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("route-name")));
  }

  /** Waits until the grid shows a cell with exactly this text (or a line of it). */
  public void awaitRowWith(String text) {
    browser.waiting().until(driver -> shows(driver, text));
  }

  /** Waits until some cell of the grid contains this text. */
  public void awaitCellContaining(String text) {
    browser
        .waiting()
        .until(
            driver ->
                driver
                    .findElements(By.cssSelector("#routes-grid vaadin-grid-cell-content"))
                    .stream()
                    .anyMatch(cell -> cell.getText().contains(text)));
  }

  /** Opens a route's dialog (Edit for administrators, Show for operators). */
  public void openRoute(String name) {
    awaitRowWith(name);
    browser.clickDuringRequest("edit-" + name);
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("route-name")));
  }

  /** Whether the open dialog lets its reader save. */
  public boolean dialogSaves() {
    return !browser.driver().findElements(By.id("route-save")).isEmpty();
  }

  private static boolean shows(WebDriver driver, String text) {
    return driver.findElements(By.cssSelector("#routes-grid vaadin-grid-cell-content")).stream()
        .anyMatch(cell -> cell.getText().lines().anyMatch(line -> line.trim().equals(text)));
  }
}
