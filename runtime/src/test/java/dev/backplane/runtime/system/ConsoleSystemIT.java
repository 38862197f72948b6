package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import dev.backplane.runtime.testing.console.NotAllowedPage;
import dev.backplane.runtime.testing.console.SignedOutPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console in a real Chromium: login on Keycloak's page, the dashboard, the refusal. */
@ExtendWith(RunningBackplane.class)
class ConsoleSystemIT {

  @Test
  void administratorLogsInAndSeesTheDashboard(TestPorts ports) {
    try (var browser = new ConsoleBrowser()) {
      browser.open(ports.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn("admin", "admin");

      var dashboard = new DashboardPage(browser);
      assertThat(dashboard.signedInUser()).isEqualTo("admin");
      assertThat(dashboard.roles()).isEqualTo("platform-admin");
      assertThat(dashboard.health()).isEqualTo("UP");
      assertThat(dashboard.navigation())
          .containsExactly(
              "Dashboard",
              "Users",
              "Collections",
              "Rate limits",
              "Caches",
              "Instances",
              "Jobs",
              "Webhooks",
              "Routes",
              "Audit");

      dashboard.logOut();
      var signedOut = new SignedOutPage(browser);
      assertThat(signedOut.heading()).isEqualTo("You are signed out");
      signedOut.signInAgain();
      var loginAgain = new KeycloakLoginPage(browser);
      assertThat(loginAgain.currentUrl()).startsWith(ports.keycloakUrl());
    }
  }

  @Test
  void operatorLogsInToo(TestPorts ports) {
    try (var browser = new ConsoleBrowser()) {
      browser.open(ports.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn("operator", "operator");

      var dashboard = new DashboardPage(browser);
      assertThat(dashboard.signedInUser()).isEqualTo("operator");
      assertThat(dashboard.roles()).isEqualTo("platform-operator");
    }
  }

  @Test
  void apiUserIsShownTheNotAllowedPage(TestPorts ports) {
    try (var browser = new ConsoleBrowser()) {
      browser.open(ports.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn("alice", "alice");

      var refusal = new NotAllowedPage(browser);
      assertThat(refusal.explanation()).contains("alice").contains("platform-admin");
    }
  }
}
