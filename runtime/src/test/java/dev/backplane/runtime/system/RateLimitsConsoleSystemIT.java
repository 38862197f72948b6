package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import dev.backplane.runtime.testing.console.RateLimitsPage;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's Rate limits view in Chromium, against the real API and Keycloak. */
@ExtendWith(RunningBackplane.class)
class RateLimitsConsoleSystemIT {

  private static final String POLICIES = "/api/v1/admin/rate-limit-policies";

  @Test
  void administratorCreatesEditsAndDeletesAPolicy(TestPorts ports) {
    var name = "console-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    var admin = new Keycloak(ports).token("backplane", "admin", "admin");
    try (var browser = new ConsoleBrowser()) {
      browser.open(ports.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn("admin", "admin");
      new DashboardPage(browser);

      var page = RateLimitsPage.open(browser, ports.publicUrl() + "/console");
      // a path no test calls: the policy limits nothing while it exists
      page.create(name, "50", "60", "/api/v1/console-test/" + name);
      page.awaitRowWith(name);
      page.awaitRowWith("50 per minute");
      assertThat(policy(ports, admin, name))
          .hasValueSatisfying(p -> assertThat(p.getInt("quota")).isEqualTo(50));

      // a click while the view refreshes its rows still opens the row's dialog
      page.openPolicyDuringRefresh(name);
      page.closeDialog();

      // the API's validation message, under the field it names
      page.openPolicy(name);
      page.setQuota("0");
      assertThat(page.saveRefused("policy-quota"))
          .isEqualTo("must be a whole number from 1 to 1,000,000,000");
      page.setQuota("75");
      page.save();
      page.awaitRowWith("75 per minute");
      assertThat(policy(ports, admin, name))
          .hasValueSatisfying(p -> assertThat(p.getInt("quota")).isEqualTo(75));

      page.openPolicy(name);
      page.delete();
      page.awaitNoRowWith(name);
      assertThat(policy(ports, admin, name)).isEmpty();
    } finally {
      policy(ports, admin, name)
          .ifPresent(
              p ->
                  Http.send(
                      "DELETE",
                      ports.publicUrl() + POLICIES + "/" + p.getJsonNumber("id").longValue(),
                      admin,
                      null));
    }
  }

  @Test
  void operatorSeesThePoliciesButCannotChangeThem(TestPorts ports) {
    try (var browser = new ConsoleBrowser()) {
      browser.open(ports.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn("operator", "operator");
      new DashboardPage(browser);

      var page = RateLimitsPage.open(browser, ports.publicUrl() + "/console");
      page.awaitRowWith("anonymous");

      assertThat(page.canCreate()).isFalse();
      page.openPolicy("anonymous");
      assertThat(page.dialogEditable()).isFalse();
      page.closeDialog();
    }
  }

  private static Optional<JsonObject> policy(TestPorts ports, String admin, String name) {
    var all = Http.get(ports.publicUrl() + POLICIES, admin).body();
    return Keycloak.jsonArray(all).getValuesAs(JsonObject.class).stream()
        .filter(p -> p.getString("name").equals(name))
        .findFirst();
  }
}
