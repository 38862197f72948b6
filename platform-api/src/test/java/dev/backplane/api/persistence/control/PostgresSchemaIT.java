package dev.backplane.api.persistence.control;

import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.Migrations;
import dev.backplane.api.testing.TestIssuer;
import dev.backplane.api.testing.TestPostgres;
import jakarta.json.JsonObject;
import java.net.URL;
import java.sql.DriverManager;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same migrations on PostgreSQL, as clusters run them: the data source of the configured class,
 * Flyway at startup, and the database readiness check.
 */
@ExtendWith(ArquillianExtension.class)
class PostgresSchemaIT {

  static final TestIssuer ISSUER = new TestIssuer();
  static final TestPostgres POSTGRES = TestPostgres.start();

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config = ISSUER.mpConfig() + POSTGRES.mpConfig();
    return Deployments.withPersistence(config);
  }

  @AfterAll
  static void stopPostgres() {
    POSTGRES.close();
  }

  @ArquillianResource URL base;

  @Test
  void migrationsRunOnPostgresAndReadinessSaysSo() throws Exception {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var response = new ApiClient(base).get("/health/ready");
              var dependencies =
                  json(response).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                      .filter(check -> check.getString("name").equals("dependencies"))
                      .findFirst()
                      .orElseThrow();
              assertThat(dependencies.getJsonObject("data").getString("database"))
                  .as(response.body())
                  .isEqualTo("available");
              assertThat(dependencies.getJsonObject("data").getString("database.detail"))
                  .isEqualTo("PostgreSQL, schema version " + Migrations.latestVersion());
            });

    try (var connection = DriverManager.getConnection(POSTGRES.jdbcUrl(), TestPostgres.USER, "");
        var tables = connection.getMetaData().getTables(null, "public", "audit_event", null)) {
      assertThat(tables.next()).as("table audit_event exists").isTrue();
    }
  }
}
