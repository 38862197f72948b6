package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Webhooks view: the webhooks grid, the webhook dialog and the delivery log. */
public final class WebhooksPage {

  private final ConsoleBrowser browser;

  private WebhooksPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("webhooks-grid")));
  }

  public static WebhooksPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/webhooks");
    return new WebhooksPage(browser);
  }

  public boolean canCreate() {
    return !browser.driver().findElements(By.id("new-webhook")).isEmpty();
  }

  /** Opens the dialog for a new webhook and fills it in. */
  public void fillNew(String name, String url, String topics) {
    browser.click(By.id("new-webhook"));
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-name")));
    browser.type("webhook-name", name);
    browser.type("webhook-url", url);
    browser.type("webhook-topics", topics);
  }

  public void replaceUrl(String url) {
    browser.replace("webhook-url", url);
  }

  /** Saves the open dialog, which the API refuses: the error under this field. */
  public String saveRefused(String field) {
    browser.click(By.id("webhook-save"));
    return browser.errorOf(field);
  }

  /** Saves the open dialog and waits until it closed. */
  public void save() {
    browser.click(By.id("webhook-save"));
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("webhook-name")));
  }

  /** Waits until the grid shows a cell with exactly this text (or a line of it). */
  public void awaitRowWith(String text) {
    browser.waiting().until(driver -> shows(driver, "webhooks-grid", text));
  }

  /** Opens a webhook's delivery log by a click on its name. */
  public void select(String name) {
    awaitRowWith(name);
    browser.click(
        By.xpath(
            "//vaadin-grid[@id='webhooks-grid']//vaadin-grid-cell-content[normalize-space(.)='"
                + name
                + "']"));
    browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-deliveries")));
  }

  /** Waits until the delivery log shows a cell with exactly this text. */
  public void awaitDeliveryWith(String text) {
    browser.waiting().until(driver -> shows(driver, "webhook-deliveries", text));
  }

  /** How many delivery rows show a cell with exactly this text. */
  public long deliveriesWith(String text) {
    return browser
        .driver()
        .findElements(By.cssSelector("#webhook-deliveries vaadin-grid-cell-content"))
        .stream()
        .filter(cell -> cell.getText().trim().equals(text))
        .count();
  }

  /** Clicks the first Redeliver button of the log (clicked by script: the log redraws). */
  public void redeliverFirst() {
    browser
        .waiting()
        .until(
            driver ->
                !driver
                    .findElements(By.cssSelector("#webhook-deliveries [id^='redeliver-']"))
                    .isEmpty());
    var id =
        browser
            .driver()
            .findElements(By.cssSelector("#webhook-deliveries [id^='redeliver-']"))
            .get(0)
            .getDomAttribute("id");
    browser.clickDuringRequest(id);
  }

  public boolean offersRedelivery() {
    return !browser
        .driver()
        .findElements(By.cssSelector("#webhook-deliveries [id^='redeliver-']"))
        .isEmpty();
  }

  private static boolean shows(WebDriver driver, String grid, String text) {
    return driver.findElements(By.cssSelector("#" + grid + " vaadin-grid-cell-content")).stream()
        .anyMatch(cell -> cell.getText().lines().anyMatch(line -> line.trim().equals(text)));
  }
}
