package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.AuditPage;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import dev.backplane.runtime.testing.console.KeycloakUpdatePasswordPage;
import dev.backplane.runtime.testing.console.NotAllowedPage;
import dev.backplane.runtime.testing.console.UsersPage;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's Users view in Chromium, against the real API and Keycloak. */
@ExtendWith(RunningBackplane.class)
class UsersConsoleSystemIT {

  @Test
  void administratorCreatesAUserWhoCanThenLogIn(TestPorts ports) {
    var username = "hank-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    try (var browser = new ConsoleBrowser()) {
      browser.open(ports.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn("admin", "admin");
      new DashboardPage(browser);

      var users = UsersPage.open(browser, ports.publicUrl() + "/console");
      assertThat(users.createRefused("Not Valid!", "user-username")).contains("lower-case");
      users.create(username, username + "@example.com", "api-user", "Temporary-pass-1");
      users.search(username);
      users.awaitRowWith(username);

      var audit = AuditPage.open(browser, ports.publicUrl() + "/console");
      audit.filterByActor("admin");
      audit.awaitRowWith("user.create");
    }

    // the new user logs in with its temporary password, chooses its own, and is in
    try (var browser = new ConsoleBrowser()) {
      browser.open(ports.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn(username, "Temporary-pass-1");
      new KeycloakUpdatePasswordPage(browser).choose("Own-password-1");
      assertThat(new NotAllowedPage(browser).explanation()).contains(username);
    }
    assertThat(
            new Keycloak(ports)
                .tokenResponse("backplane", "backplane-cli", username, "Own-password-1")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void operatorSeesUsersButNoWriteAction(TestPorts ports) {
    try (var browser = new ConsoleBrowser()) {
      browser.open(ports.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn("operator", "operator");
      new DashboardPage(browser);

      var users = UsersPage.open(browser, ports.publicUrl() + "/console");
      users.search("alice");
      users.awaitRowWith("alice");

      assertThat(users.canCreate()).isFalse();
      assertThat(users.actionButtons()).isEmpty();
    }
  }
}
