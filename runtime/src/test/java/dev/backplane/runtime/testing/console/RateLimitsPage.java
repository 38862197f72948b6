package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Rate limits view: the policies grid and the policy dialog. */
public final class RateLimitsPage {

  private final ConsoleBrowser browser;

  public RateLimitsPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("policies-grid")));
  }

  public static RateLimitsPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/rate-limits");
    return new RateLimitsPage(browser);
  }

  public boolean canCreate() {
    return !browser.driver().findElements(By.id("new-policy")).isEmpty();
  }

  /** Creates a policy for one path with its quota per window; the other fields as they come. */
  public void create(String name, String quota, String windowSeconds, String path) {
    click(By.id("new-policy"));
    awaitDialog();
    type("policy-name", name);
    type("policy-quota", quota);
    type("policy-window", windowSeconds);
    browser.driver().findElement(By.cssSelector("#policy-paths textarea")).sendKeys(path);
    save();
  }

  /** Opens a policy's dialog from its row (Edit for administrators, View for operators). */
  public void openPolicy(String name) {
    click(By.id("open-policy-" + name));
    awaitDialog();
  }

  /**
   * Opens a policy's dialog with a click made while the view's own refresh is on its way to the
   * server, so the click reaches the server after the refresh has redrawn the rows.
   */
  public void openPolicyDuringRefresh(String name) {
    browser.clickDuringRequest("open-policy-" + name);
    awaitDialog();
  }

  private void click(By locator) {
    browser.click(locator);
  }

  /** Replaces the quota in the open dialog and saves it. */
  public void setQuota(String quota) {
    replace("policy-quota", quota);
  }

  /** Saves the open dialog, expecting it to close. */
  public void save() {
    browser.driver().findElement(By.id("policy-save")).click();
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("policy-name")));
  }

  /** Saves the open dialog, expecting the API to refuse it, and returns the field's error. */
  public String saveRefused(String field) {
    browser.driver().findElement(By.id("policy-save")).click();
    return browser.errorOf(field);
  }

  /** Whether the open dialog lets its policy be changed. */
  public boolean dialogEditable() {
    return !browser.driver().findElements(By.id("policy-save")).isEmpty();
  }

  public void closeDialog() {
    browser.driver().findElement(By.id("policy-cancel")).click();
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("policy-name")));
  }

  public void delete() {
    browser.driver().findElement(By.id("policy-delete")).click();
    browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-delete-policy")));
    browser
        .driver()
        .findElement(By.cssSelector("#confirm-delete-policy vaadin-button[slot=confirm-button]"))
        .click();
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("policy-name")));
  }

  /** Waits until the grid shows a cell with exactly this text (or a line of it). */
  public void awaitRowWith(String text) {
    browser.waiting().until(driver -> gridShows(driver, text));
  }

  /** Waits until no cell of the grid shows this text. */
  public void awaitNoRowWith(String text) {
    browser.waiting().until(driver -> !gridShows(driver, text));
  }

  private static boolean gridShows(WebDriver driver, String text) {
    return driver.findElements(By.cssSelector("#policies-grid vaadin-grid-cell-content")).stream()
        .anyMatch(cell -> cell.getText().lines().anyMatch(line -> line.trim().equals(text)));
  }

  private void awaitDialog() {
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("policy-name")));
  }

  private void type(String id, String text) {
    browser.type(id, text);
  }

  private void replace(String id, String text) {
    browser.replace(id, text);
  }
}
