package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The page a logout ends on: it says so, with a link to sign in again. */
public final class SignedOutPage {

  private final ConsoleBrowser browser;

  public SignedOutPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
  }

  public String heading() {
    return browser.driver().findElement(By.id("signed-out")).getText().trim();
  }

  public void signInAgain() {
    browser.driver().findElement(By.id("sign-in-again")).click();
  }
}
