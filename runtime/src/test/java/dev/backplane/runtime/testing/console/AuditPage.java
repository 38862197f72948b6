package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Audit view: filters and the grid of events. */
public final class AuditPage {

  private final ConsoleBrowser browser;

  private AuditPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-grid")));
  }

  public static AuditPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/audit");
    return new AuditPage(browser);
  }

  public void filterByActor(String actor) {
    browser.driver().findElement(By.cssSelector("#audit-actor input")).sendKeys(actor);
  }

  /** Waits until the grid shows a cell with exactly this text. */
  public void awaitRowWith(String text) {
    browser
        .waiting()
        .until(
            driver ->
                driver.findElements(By.cssSelector("#audit-grid vaadin-grid-cell-content")).stream()
                    .anyMatch(cell -> cell.getText().trim().equals(text)));
  }
}
