package dev.backplane.runtime.testing.console;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Users view: search, grid, and the create dialog. */
public final class UsersPage {

  private final ConsoleBrowser browser;

  public UsersPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("users-grid")));
  }

  public static UsersPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/users");
    return new UsersPage(browser);
  }

  public void search(String text) {
    var input = browser.driver().findElement(By.cssSelector("#users-search input"));
    input.clear();
    input.sendKeys(text);
  }

  /** Waits until the grid shows a cell with exactly this text. */
  public void awaitRowWith(String text) {
    browser
        .waiting()
        .until(
            driver ->
                driver.findElements(By.cssSelector("#users-grid vaadin-grid-cell-content")).stream()
                    .anyMatch(cell -> cell.getText().trim().equals(text)));
  }

  public boolean canCreate() {
    return !browser.driver().findElements(By.id("new-user")).isEmpty();
  }

  /** Buttons in the grid that would change something (none for operators). */
  public List<WebElement> actionButtons() {
    return browser.driver().findElements(By.cssSelector("#users-grid vaadin-button"));
  }

  public void create(String username, String email, String role, String temporaryPassword) {
    browser.driver().findElement(By.id("new-user")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("user-username")));
    type("user-username", username);
    type("user-email", email);
    type("user-first-name", "Console");
    type("user-last-name", "Made");
    type("user-password", temporaryPassword);
    browser.driver().findElements(By.cssSelector("#user-roles vaadin-checkbox")).stream()
        .filter(box -> box.getText().trim().equals(role))
        .findFirst()
        .orElseThrow()
        .click();
    browser.driver().findElement(By.id("user-save")).click();
    browser
        .waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("user-username")));
  }

  /** Clicks create with what is filled in, and returns the error shown under the field. */
  public String createRefused(String username, String field) {
    browser.driver().findElement(By.id("new-user")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("user-username")));
    type("user-username", username);
    browser.driver().findElement(By.id("user-save")).click();
    var invalid = By.cssSelector("#" + field + "[invalid]");
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(invalid));
    var message =
        browser.driver().findElement(By.cssSelector("#" + field + " [slot=error-message]"));
    var text = message.getText().trim();
    browser.driver().findElement(By.id("user-cancel")).click();
    return text;
  }

  private void type(String id, String text) {
    browser.driver().findElement(By.cssSelector("#" + id + " input")).sendKeys(text);
  }
}
