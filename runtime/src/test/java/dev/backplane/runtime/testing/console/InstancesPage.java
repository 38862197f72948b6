package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Instances view: a summary line, the grid of instances and their charts. */
public final class InstancesPage {

  private final ConsoleBrowser browser;

  private InstancesPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("instances-grid")));
  }

  public static InstancesPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/instances");
    return new InstancesPage(browser);
  }

  /** E.g. "3 instances: 3 UP · cluster backplane, view 4, coordinator instance-1". */
  public String summary() {
    return browser.driver().findElement(By.id("instances-summary")).getText();
  }

  /** Waits (the view refreshes itself every 5 s) until the summary starts with this text. */
  public void awaitSummary(String start) {
    browser.waiting().until(driver -> summary().startsWith(start));
  }

  /** How many lines the heap chart draws (one per instance with a history). */
  public int heapLines() {
    return browser.driver().findElements(By.cssSelector("#chart-heap polyline")).size();
  }
}
