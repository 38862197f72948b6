package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cache statistics and clearing a cache, with their role rules. */
@ExtendWith(RunningBackplane.class)
class CachesSystemIT {

  @Test
  void operatorsReadStatisticsAndOnlyAdministratorsClear(TestPorts ports) {
    var keycloak = new Keycloak(ports);
    var admin = keycloak.token("backplane", "admin", "admin");
    var operator = keycloak.token("backplane", "operator", "operator");
    var alice = keycloak.token("backplane", "alice", "alice");
    var url = ports.publicUrl() + "/api/v1/admin/caches";
    // two reads of the same user: a miss, then a hit
    var me = Keycloak.json(Http.get(ports.publicUrl() + "/api/v1/users/me", admin).body());
    Http.get(ports.publicUrl() + "/api/v1/users/" + me.getString("id"), admin);
    Http.get(ports.publicUrl() + "/api/v1/users/" + me.getString("id"), admin);

    assertThat(Http.get(url).statusCode()).isEqualTo(401);
    assertThat(Http.get(url, alice).statusCode()).isEqualTo(403);
    var listed = Http.get(url, operator);
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    var users = users(listed.body());
    assertThat(users.getString("mode")).isEqualTo("LOCAL");
    var total = users.getJsonObject("total");
    assertThat(total.getJsonNumber("hits").longValue()).isPositive();
    assertThat(total.getJsonNumber("misses").longValue()).isPositive();
    assertThat(total.getJsonNumber("entries").longValue()).isPositive();
    assertThat(users.getJsonArray("instances").getJsonObject(0).getString("instance"))
        .isEqualTo("instance-1");

    assertThat(Http.send("DELETE", url + "/users", operator, null).statusCode()).isEqualTo(403);
    assertThat(Http.send("DELETE", url + "/no-such-cache", admin, null).statusCode())
        .isEqualTo(404);
    var cleared = Http.send("DELETE", url + "/users", admin, null);
    assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(204);
    assertThat(users(Http.get(url, operator).body()).getJsonObject("total").getInt("entries"))
        .isZero();
    var audit = Http.get(ports.publicUrl() + "/api/v1/admin/audit?action=cache.clear", operator);
    assertThat(audit.body()).contains("\"targetId\":\"users\"").contains("\"actor\":\"admin\"");
  }

  private static JsonObject users(String body) {
    return Json.createReader(new StringReader(body))
        .readArray()
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(cache -> cache.getString("name").equals("users"))
        .findFirst()
        .orElseThrow();
  }
}
