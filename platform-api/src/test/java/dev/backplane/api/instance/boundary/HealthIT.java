package dev.backplane.api.instance.boundary;

import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.Migrations;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Liveness, readiness (the cache; the shared dependencies reported) and Prometheus metrics. */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

  static final TestIssuer ISSUER = new TestIssuer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config =
        ISSUER.mpConfig()
            + "backplane.db.datasource-class=org.h2.jdbcx.JdbcDataSource\n"
            + "backplane.db.url=jdbc:h2:mem:health;DB_CLOSE_DELAY=-1\n"
            + "backplane.db.user=sa\n"
            + "backplane.db.password=\n";
    return Deployments.withFeature(Deployments.withPersistence(config), "instance");
  }

  @ArquillianResource URL base;

  ApiClient api() {
    return new ApiClient(base);
  }

  @Test
  void liveWhileNoThreadIsDeadlocked() {
    var response = api().get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(checks(json(response))).containsEntry("deadlocks", "UP");
  }

  @Test
  void readyWithRunningCacheAndTheDependenciesReported() {
    var response = api().get("/health/ready");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var body = json(response);
    assertThat(checks(body)).containsEntry("cache", "UP").containsEntry("dependencies", "UP");
    assertThat(check(body, "cache").getJsonObject("data").getString("mode")).isEqualTo("local");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var data =
                  check(json(api().get("/health/ready")), "dependencies").getJsonObject("data");
              assertThat(data.getString("database")).isEqualTo("available");
              assertThat(data.getString("database.detail"))
                  .isEqualTo("H2, schema version " + Migrations.latestVersion());
              assertThat(data.getString("keycloak")).isEqualTo("available");
              assertThat(data.getString("degraded")).isEqualTo("no");
            });
  }

  @Test
  void keycloakUnreachableLeavesTheInstanceReadyAndIsReportedUntilItAnswersAgain() {
    ISSUER.stop();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                var response = api().get("/health/ready");
                // every instance shares Keycloak: readiness stays UP, the outage is reported
                assertThat(response.statusCode()).isEqualTo(200);
                var data = check(json(response), "dependencies").getJsonObject("data");
                assertThat(data.getString("keycloak")).isEqualTo("unavailable");
                assertThat(data.getString("keycloak.detail")).contains("no answer");
                assertThat(data.getString("database")).isEqualTo("available");
                assertThat(data.getString("degraded")).isEqualTo("yes");
                assertThat(api().get("/metrics").body())
                    .containsPattern(
                        "backplane_dependency_available\\{[^}]*dependency=\"keycloak\"[^}]*} 0");
              });
    } finally {
      ISSUER.start();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                check(json(api().get("/health/ready")), "dependencies")
                    .getJsonObject("data")
                    .getString("keycloak")
                    .equals("available"));
    assertThat(api().get("/metrics").body())
        .containsPattern("backplane_dependency_available\\{[^}]*dependency=\"keycloak\"[^}]*} 1");
  }

  @Test
  void prometheusMetricsArePublished() {
    var response = api().get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body()).contains("# TYPE").contains("jvm_uptime");
  }

  private static Map<String, String> checks(JsonObject health) {
    return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .collect(Collectors.toMap(c -> c.getString("name"), c -> c.getString("status")));
  }

  private static JsonObject check(JsonObject health, String name) {
    return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }
}
