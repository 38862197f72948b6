package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Keycloak's own login form, where the console sends a browser to log in. */
public final class KeycloakLoginPage {

  private final ConsoleBrowser browser;

  public KeycloakLoginPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
  }

  public void logIn(String username, String password) {
    var driver = browser.driver();
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("kc-login")).click();
  }

  public String currentUrl() {
    return browser.driver().getCurrentUrl();
  }
}
