package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.BackplaneCommand;
import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The platform as {@code ./backplane up} runs it, called with real Keycloak tokens. */
@ExtendWith(RunningBackplane.class)
class ApiSystemIT {

  @Test
  void aliceCallsTheApiWithATokenFromThePasswordGrant(TestPorts ports) {
    var token = new Keycloak(ports).token("backplane", "alice", "alice");

    var response = Http.get(ports.publicUrl() + "/api/v1/me", token);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var me = Keycloak.json(response.body());
    assertThat(me.getString("username")).isEqualTo("alice");
    assertThat(me.getString("client")).isEqualTo("backplane-cli");
    assertThat(me.getString("subject")).isNotBlank();
    assertThat(me.getJsonArray("roles").getValuesAs(JsonString::getString))
        .containsExactly("api-user");
  }

  @Test
  void administratorAndOperatorSeeTheirRoles(TestPorts ports) {
    var keycloak = new Keycloak(ports);
    for (var user : new String[] {"admin", "operator"}) {
      var response =
          Http.get(ports.publicUrl() + "/api/v1/me", keycloak.token("backplane", user, user));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Keycloak.json(response.body()).getJsonArray("roles").getString(0))
          .isEqualTo("platform-" + user);
    }
  }

  @Test
  void genuineTokenOfAnotherRealmIsRefused(TestPorts ports) {
    var keycloak = new Keycloak(ports);
    keycloak.createRealm(BackplaneCommand.HOME.resolve("realm-config/test/intruder-realm.json"));
    var intruder = keycloak.token("intruder", "admin", "admin");

    var response = Http.get(ports.publicUrl() + "/api/v1/me", intruder);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
  }

  @Test
  void callWithoutTokenIsUnauthorized(TestPorts ports) {
    var response = Http.get(ports.publicUrl() + "/api/v1/me");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Keycloak.json(response.body()).getString("detail")).contains("bearer token");
  }

  @Test
  void platformIsReadyAndDescribesItself(TestPorts ports) {
    var ready = Http.get(ports.publicUrl() + "/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body())
        .contains("\"cache\"")
        .contains("\"dependencies\"")
        .contains("\"database\":\"available\"")
        .contains("\"keycloak\":\"available\"");

    assertThat(Http.get(ports.publicUrl() + "/health/live").statusCode()).isEqualTo(200);
    assertThat(Http.get(ports.publicUrl() + "/metrics").body()).contains("# TYPE");
    assertThat(Http.get(ports.publicUrl() + "/openapi").body()).contains("/api/v1/me");
  }
}
