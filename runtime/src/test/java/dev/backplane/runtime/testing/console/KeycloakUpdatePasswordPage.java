package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Keycloak asks a user with a temporary password for a new one right after the login. */
public final class KeycloakUpdatePasswordPage {

  private final ConsoleBrowser browser;

  public KeycloakUpdatePasswordPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("password-new")));
  }

  public void choose(String password) {
    var driver = browser.driver();
    driver.findElement(By.id("password-new")).sendKeys(password);
    driver.findElement(By.id("password-confirm")).sendKeys(password);
    driver.findElement(By.cssSelector("[type=submit]")).click();
  }
}
