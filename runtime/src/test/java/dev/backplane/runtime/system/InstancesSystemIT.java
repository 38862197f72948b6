package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The instance registry of one instance, with its role rules. */
@ExtendWith(RunningBackplane.class)
class InstancesSystemIT {

  @Test
  void operatorsAndAdministratorsSeeTheInstanceAndItsHistory(TestPorts ports) {
    var keycloak = new Keycloak(ports);
    var admin = keycloak.token("backplane", "admin", "admin");
    var operator = keycloak.token("backplane", "operator", "operator");
    var alice = keycloak.token("backplane", "alice", "alice");
    var url = ports.publicUrl() + "/api/v1/admin/instances";

    for (var path : new String[] {"", "/instance-1"}) {
      assertThat(Http.get(url + path).statusCode()).isEqualTo(401);
      assertThat(Http.get(url + path, alice).statusCode()).isEqualTo(403);
      assertThat(Http.get(url + path, admin).statusCode()).isEqualTo(200);
      assertThat(Http.get(url + path, operator).statusCode()).isEqualTo(200);
    }
    var unknown = Http.get(url + "/instance-9", operator);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    var all = Keycloak.json(Http.get(url, operator).body());
    assertThat(all.getJsonObject("view").getJsonArray("members").getString(0))
        .isEqualTo("instance-1");
    var one = all.getJsonArray("instances").getJsonObject(0);
    assertThat(one.getString("id")).isEqualTo("instance-1");
    assertThat(one.getString("status")).isEqualTo("UP");
    assertThat(one.containsKey("history")).isFalse();

    // requests show in the next heartbeat (every 5 s)
    for (int i = 0; i < 20; i++) {
      Http.get(ports.publicUrl() + "/api/v1/me", alice);
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                Keycloak.json(Http.get(url + "/instance-1", operator).body())
                    .getJsonArray("history")
                    .stream()
                    .anyMatch(
                        sample ->
                            sample.asJsonObject().getJsonNumber("requestsPerSecond").doubleValue()
                                > 0));
  }
}
