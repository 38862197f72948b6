package dev.backplane.api.persistence.control;

import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.Migrations;
import dev.backplane.api.testing.TestIssuer;
import dev.backplane.api.testing.TestPostgres;
import jakarta.json.JsonObject;
import java.net.URL;
import java.sql.DriverManager;
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
    var config =
        ISSUER.mpConfig()
            + "backplane.db.datasource-class=org.postgresql.ds.PGSimpleDataSource\n"
            + "backplane.db.url="
            + POSTGRES.jdbcUrl()
            + "\n"
            + "backplane.db.user="
            + TestPostgres.USER
            + "\n"
            + "backplane.db.password=unused\n";
    return Deployments.withPersistence(config);
  }

  @AfterAll
  static void stopPostgres() {
    POSTGRES.close();
  }

  @ArquillianResource URL base;

  @Test
  void migrationsRunOnPostgresAndReadinessSaysSo() throws Exception {
    var response = new ApiClient(base).get("/health/ready");

    var database =
        json(response).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(check -> check.getString("name").equals("database"))
            .findFirst()
            .orElseThrow();
    assertThat(database.getString("status")).as(response.body()).isEqualTo("UP");
    assertThat(database.getJsonObject("data").getString("product")).isEqualTo("PostgreSQL");
    assertThat(database.getJsonObject("data").getString("schemaVersion"))
        .isEqualTo(Migrations.latestVersion());

    try (var connection = DriverManager.getConnection(POSTGRES.jdbcUrl(), TestPostgres.USER, "");
        var tables = connection.getMetaData().getTables(null, "public", "audit_event", null)) {
      assertThat(tables.next()).as("table audit_event exists").isTrue();
    }
  }
}
