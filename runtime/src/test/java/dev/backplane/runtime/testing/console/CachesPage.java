package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Caches view: the grid of caches, clearing one, the hit-ratio chart. */
public final class CachesPage {

  private final ConsoleBrowser browser;

  private CachesPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("caches-grid")));
  }

  public static CachesPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/caches");
    return new CachesPage(browser);
  }

  /**
   * Clears a cache through its button, clicked while the view's refresh is under way, and the
   * confirmation dialog. Clicked by script: the view redraws its grid every 5 s, which can move a
   * row under a pointer click.
   */
  public void clear(String cache) {
    browser.waiting().until(driver -> !driver.findElements(By.id("clear-" + cache)).isEmpty());
    browser.clickDuringRequest("clear-" + cache);
    var confirm = "document.querySelector(\"#confirm-clear [slot='confirm-button']\")";
    browser.waiting().until(driver -> click(confirm));
  }

  /** Clicks what the script expression finds; false while it finds nothing. */
  private boolean click(String element) {
    return Boolean.TRUE.equals(
        browser
            .driver()
            .executeScript(
                "const e = " + element + "; if (!e) { return false; } e.click(); return true;"));
  }

  public boolean hasHitRatioChart() {
    return !browser.driver().findElements(By.cssSelector("#chart-hit-ratio svg")).isEmpty();
  }
}
