package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.runtime.testing.BackplaneCommand;
import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.TestPorts;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The discovery the containers use (docker/compose.yaml): instances that find each other only
 * through the shared PostgreSQL (JGroups' JDBC_PING2), all started together on an empty database,
 * where the first instance's JGroups creates its table before the schema's first migration.
 */
class JdbcDiscoverySystemIT {

  static final TestPorts PORTS = TestPorts.named("jdbc-discovery", 20);

  private static BackplaneCommand up;

  @BeforeAll
  static void startCluster() throws Exception {
    // an empty database, as containers start on a fresh volume
    var database = PORTS.data().resolve("postgres");
    if (Files.exists(database)) {
      try (var files = Files.walk(database)) {
        for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    up =
        BackplaneCommand.start(
                PORTS, Map.of("BACKPLANE_CLUSTER_DISCOVERY", "jdbc"), "up", "--instances", "2")
            .awaitUp(Duration.ofMinutes(8));
  }

  @AfterAll
  static void stopCluster() {
    if (up != null) {
      BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(3), "down");
      up.awaitExit(Duration.ofMinutes(2));
    }
  }

  @Test
  void instancesFindEachOtherThroughTheDatabaseAndMigrateIt() throws Exception {
    var operator = new Keycloak(PORTS).token("backplane", "operator", "operator");
    var report = new JsonObject[1];
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              var response = Http.get(PORTS.publicUrl() + "/api/v1/admin/instances", operator);
              report[0] = Keycloak.json(response.body());
              return report[0].getJsonObject("view").getJsonArray("members").size() == 2;
            });
    assertThat(report[0].getJsonObject("view").getString("cluster")).isEqualTo("backplane");
    for (int n = 1; n <= 2; n++) {
      var log = Files.readString(PORTS.data().resolve("logs").resolve("instance-" + n + ".log"));
      assertThat(log).contains("Starting JGroups channel `backplane` with stack `jdbc`");
    }
    // the schema migrated although JGroups' table came first: the audit log answers
    var audit = Http.get(PORTS.publicUrl() + "/api/v1/admin/audit", operator);
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
  }
}
