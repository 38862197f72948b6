package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** What someone without an administrator or operator role sees after logging in. */
public final class NotAllowedPage {

  private final ConsoleBrowser browser;

  public NotAllowedPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("not-allowed")));
  }

  public String explanation() {
    return browser.driver().findElement(By.id("not-allowed-explanation")).getText();
  }
}
