package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.JobsPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import dev.backplane.runtime.testing.console.LaptopScreen;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's Jobs view in Chromium, against the real API: an export made through the API shows
 * with its progress, its attempts and its file, which downloads through the console; operators see
 * the same and cannot change a job.
 */
@ExtendWith(RunningBackplane.class)
class JobsConsoleSystemIT {

  private static final String COLLECTIONS = "/api/v1/admin/collections";

  @Test
  void anExportShowsWithItsProgressAttemptsAndFileForAdministratorsAndOperators(TestPorts ports) {
    var name = "jobs_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    var api = ports.publicUrl();
    var admin = new Keycloak(ports).token("backplane", "admin", "admin");
    var created =
        Http.send(
            "POST",
            api + COLLECTIONS,
            admin,
            "{\"name\":\"" + name + "\",\"fields\":[{\"name\":\"title\",\"type\":\"text\"}]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    try {
      for (var title : new String[] {"first", "second", "third"}) {
        Http.send(
            "POST",
            api + "/api/v1/collections/" + name + "/records",
            admin,
            "{\"title\":\"" + title + "\"}");
      }
      var started = Http.send("POST", api + COLLECTIONS + "/" + name + "/exports", admin, "{}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      var id = Keycloak.json(started.body()).getString("id");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Http.get(api + "/api/v1/admin/jobs/" + id, admin)
                      .body()
                      .contains("\"state\":\"succeeded\""));

      try (var browser = new ConsoleBrowser()) {
        browser.open(api + "/console/");
        new KeycloakLoginPage(browser).logIn("admin", "admin");
        new DashboardPage(browser);
        var jobs = JobsPage.open(browser, api + "/console");
        jobs.filterByType("collection-export");
        jobs.awaitRowWith(id.substring(0, 8));
        jobs.awaitRowWith("3 of 3");
        jobs.select(id);
        assertThat(jobs.details())
            .contains("collection-export " + id)
            .contains("\"collection\":\"" + name + "\"")
            .contains("\"records\":3")
            .contains("succeeded");
        var file = jobs.download(name + ".ndjson");
        assertThat(file.lines()).hasSize(3);
        assertThat(file).contains("\"title\":\"first\"", "\"title\":\"third\"");
        LaptopScreen.screenshot(browser, "jobs");
        assertThat(LaptopScreen.misfits(browser)).as("jobs at 1366 x 768").isEmpty();
      }

      try (var browser = new ConsoleBrowser()) {
        browser.open(api + "/console/");
        new KeycloakLoginPage(browser).logIn("operator", "operator");
        new DashboardPage(browser);
        var jobs = JobsPage.open(browser, api + "/console");
        jobs.filterByState("succeeded");
        jobs.awaitRowWith(id.substring(0, 8));
        assertThat(jobs.offersChanges()).isFalse();
        jobs.select(id);
        assertThat(jobs.download(name + ".ndjson").lines()).hasSize(3);
      }
    } finally {
      Http.send("DELETE", api + COLLECTIONS + "/" + name, admin, null);
    }
  }
}
