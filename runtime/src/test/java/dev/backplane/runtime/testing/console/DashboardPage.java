package dev.backplane.runtime.testing.console;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's dashboard: who is signed in (as the API sees it) and the platform's health. */
public final class DashboardPage {

  private final ConsoleBrowser browser;

  public DashboardPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in-user")));
  }

  public String signedInUser() {
    return text("signed-in-user");
  }

  public String roles() {
    return text("signed-in-roles");
  }

  public String health() {
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("health-status")));
    return text("health-status");
  }

  public List<String> navigation() {
    return browser
        .driver()
        .findElements(By.cssSelector("#navigation vaadin-side-nav-item"))
        .stream()
        .map(item -> item.getText().trim())
        .toList();
  }

  public void logOut() {
    browser.driver().findElement(By.id("logout")).click();
  }

  private String text(String id) {
    return browser.driver().findElement(By.id(id)).getText().trim();
  }
}
