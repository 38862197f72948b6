package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import dev.backplane.runtime.testing.console.LaptopScreen;
import dev.backplane.runtime.testing.console.SignedOutPage;
import dev.backplane.runtime.testing.console.UsersPage;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every console view as an administrator sees it on a laptop (1366 x 768): no grid scrolls
 * sideways, no header or row button is cut, every chart scales with its labels inside; people and
 * policies by name; a conflict under its field; an unknown address inside the frame; a logout that
 * says so. Screenshots of each view are kept under runtime/target/console-screenshots.
 */
@ExtendWith(RunningBackplane.class)
class ConsoleLayoutSystemIT {

  private static final String POLICIES = "/api/v1/admin/rate-limit-policies";

  private TestPorts ports;
  private String admin;
  private String username;
  private String userId;
  private String policy;
  private long policyId;

  @BeforeEach
  void data(TestPorts ports) {
    this.ports = ports;
    var keycloak = new Keycloak(ports);
    admin = keycloak.token("backplane", "admin", "admin");
    var suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    username = "layout-" + suffix;
    var created =
        Http.send(
            "POST",
            ports.publicUrl() + "/api/v1/users",
            admin,
            """
            {"username":"%s","email":"%s@example.com","firstName":"Lay","lastName":"Out",
             "roles":["api-user"]}"""
                .formatted(username, username));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    userId = Keycloak.json(created.body()).getString("id");

    // alice is throttled by a policy of her own: the busiest consumer to show by name
    policy = "layout-" + suffix;
    var answer =
        Http.send(
            "POST",
            ports.publicUrl() + POLICIES,
            admin,
            RateLimitsSystemIT.alicePolicy(policy, 1000, 3600, "fixed-window"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    policyId = Keycloak.json(answer.body()).getJsonNumber("id").longValue();
    var alice = keycloak.token("backplane", "alice", "alice");
    for (int n = 0; n < 3; n++) {
      Http.get(ports.publicUrl() + "/api/v1/me", alice);
    }
  }

  @AfterEach
  void removeData() {
    Http.send("DELETE", ports.publicUrl() + POLICIES + "/" + policyId, admin, null);
    Http.send("DELETE", ports.publicUrl() + "/api/v1/users/" + userId, admin, null);
  }

  @Test
  void everyViewFitsALaptopAndNamesWhatItShows() {
    var console = ports.publicUrl() + "/console";
    try (var browser = new ConsoleBrowser()) {
      browser.open(console + "/");
      new KeycloakLoginPage(browser).logIn("admin", "admin");
      new DashboardPage(browser);
      await(browser, "figure-users");
      assertFits(browser, "dashboard");

      var users = UsersPage.open(browser, console);
      users.search(username);
      users.awaitRowWith(username);
      assertFits(browser, "users");
      // a duplicate user name is marked under its field, in plain words
      assertThat(users.createRefused(username, "user-username"))
          .isEqualTo("is taken by another user");
      // each view has its title, the console its icon; a dialog starts in its first field and
      // Esc closes it
      assertThat(browser.driver().getTitle()).isEqualTo("Users · Backplane");
      assertThat(browser.driver().findElements(By.cssSelector("head link[rel=icon]"))).isNotEmpty();
      browser.driver().findElement(By.id("new-user")).click();
      browser
          .waiting()
          .until(
              driver ->
                  Boolean.TRUE.equals(
                      browser
                          .driver()
                          .executeScript(
                              "const field = document.getElementById('user-username');"
                                  + " return !!field && field.contains(document.activeElement);")));
      new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
      browser
          .waiting()
          .until(ExpectedConditions.invisibilityOfElementLocated(By.id("user-username")));

      browser.open(console + "/users/" + userId);
      await(browser, "user-detail-name");
      await(browser, "user-audit-grid");
      assertFits(browser, "user-detail");
      // disabling asks first
      browser.driver().findElement(By.id("user-toggle")).click();
      browser
          .waiting()
          .until(driver -> click(browser, "#confirm-disable vaadin-button[slot='confirm-button']"));
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBe(
                  By.cssSelector("#user-detail-name + .status-badge"), "disabled"));

      browser.open(console + "/rate-limits");
      await(browser, "policies-grid");
      browser.waiting().until(driver -> clickCell(browser, "policies-grid", policy));
      // alice's subject, shown by her user name and linking to her page
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBe(
                  By.cssSelector("#consumers-grid a.consumer-user"), "alice"));
      await(browser, "chart-refused");
      assertFits(browser, "rate-limits");

      browser.open(console + "/caches");
      await(browser, "chart-hit-ratio");
      browser.waiting().until(driver -> clickCell(browser, "caches-grid", "rate-limit-policies"));
      await(browser, "cache-instances-grid");
      assertFits(browser, "caches");
      // the same measure finds what does not fit a phone's width: it can fail
      browser.driver().manage().window().setSize(new Dimension(600, 768));
      browser.waiting().until(driver -> !LaptopScreen.misfits(browser).isEmpty());
      browser.driver().manage().window().setSize(new Dimension(1366, 768));

      browser.open(console + "/instances");
      await(browser, "chart-heap");
      browser.waiting().until(driver -> clickCell(browser, "instances-grid", "UP"));
      await(browser, "instance-caches-grid");
      assertFits(browser, "instances");

      browser.open(console + "/audit");
      await(browser, "audit-grid");
      browser.waiting().until(driver -> cellShows(browser, "audit-grid", "user " + username));
      assertThat(cellShows(browser, "audit-grid", "user " + userId)).isFalse();
      var actor = browser.driver().findElement(By.cssSelector("#audit-grid a.audit-actor-link"));
      assertThat(actor.getText()).isEqualTo("admin");
      assertThat(actor.getDomAttribute("title")).startsWith("Id ");
      assertFits(browser, "audit");
      // the export is the filtered trail as CSV, names included
      var csv =
          (String)
              browser
                  .driver()
                  .executeAsyncScript(
                      """
                      const done = arguments[0];
                      fetch(document.getElementById('audit-export').href)
                          .then(answer => answer.text()).then(done, e => done('failed: ' + e));
                      """);
      assertThat(csv.lines().findFirst())
          .hasValue(
              "time,actor,actorId,action,targetType,targetId,targetName,requestId,instance,before,"
                  + "after");
      assertThat(csv).contains(",user.disable,user," + userId + "," + username + ",");

      browser.open(console + "/no-such-page");
      await(browser, "not-found");
      assertThat(browser.driver().findElements(By.id("navigation"))).isNotEmpty();
      LaptopScreen.screenshot(browser, "not-found");

      browser.open(console + "/");
      new DashboardPage(browser).logOut();
      var signedOut = new SignedOutPage(browser);
      assertThat(signedOut.heading()).isEqualTo("You are signed out");
      LaptopScreen.screenshot(browser, "signed-out");
    }
  }

  /** The view fits, with at least one of what it is about (grids, or the dashboard's figures). */
  private static void assertFits(ConsoleBrowser browser, String view) {
    LaptopScreen.screenshot(browser, view);
    assertThat(LaptopScreen.count(browser, "vaadin-grid, .figure"))
        .as(view + " grids")
        .isPositive();
    assertThat(LaptopScreen.misfits(browser)).as(view + " at 1366 x 768").isEmpty();
  }

  /** Clicks what the selector finds; false while it finds nothing. */
  private static boolean click(ConsoleBrowser browser, String selector) {
    return Boolean.TRUE.equals(
        browser
            .driver()
            .executeScript(
                "const e = document.querySelector(arguments[0]); if (!e) return false;"
                    + " e.click(); return true;",
                selector));
  }

  private static void await(ConsoleBrowser browser, String id) {
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  /** Clicks the grid's cell whose first line is this text; false while there is none. */
  private static boolean clickCell(ConsoleBrowser browser, String grid, String text) {
    return Boolean.TRUE.equals(
        browser
            .driver()
            .executeScript(
                """
                const [id, text] = arguments;
                const grid = document.getElementById(id);
                if (!grid) return false;
                const cell = [...grid.querySelectorAll('vaadin-grid-cell-content')]
                    .find(c => c.innerText.trim().split('\\n')[0].trim() === text);
                if (!cell) return false;
                cell.click();
                return true;
                """,
                grid,
                text));
  }

  private static boolean cellShows(ConsoleBrowser browser, String grid, String text) {
    return browser
        .driver()
        .findElements(By.cssSelector("#" + grid + " vaadin-grid-cell-content"))
        .stream()
        .anyMatch(cell -> cell.getText().trim().equals(text));
  }
}
