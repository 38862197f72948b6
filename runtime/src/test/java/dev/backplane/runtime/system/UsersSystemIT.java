package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.Signals;
import dev.backplane.runtime.testing.TestPorts;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The users API and the audit trail against the platform's real Keycloak. */
@ExtendWith(RunningBackplane.class)
class UsersSystemIT {

  private TestPorts ports;
  private Keycloak keycloak;
  private String admin;
  private String operator;
  private String alice;

  @BeforeEach
  void tokens(TestPorts ports) {
    this.ports = ports;
    this.keycloak = new Keycloak(ports);
    this.admin = keycloak.token("backplane", "admin", "admin");
    this.operator = keycloak.token("backplane", "operator", "operator");
    this.alice = keycloak.token("backplane", "alice", "alice");
  }

  /**
   * Every users endpoint works end to end against the real Keycloak, as its caller would use it
   * (which roles may call what is ApiContractIT's security matrix, generated from /openapi).
   */
  @Test
  void everyEndpointWorksAgainstTheRealKeycloak() {
    var target = create(newUser(unique("walk"), List.of("api-user"))).getString("id");
    var users = "/api/v1/users";
    var calls =
        List.of(
            new Call(admin, "GET", users, null, 200),
            new Call(admin, "GET", users + "/" + target, null, 200),
            new Call(operator, "GET", users + "/" + target + "/sessions", null, 200),
            new Call(alice, "GET", users + "/me", null, 200),
            // alice's own profile, as the dev realm has it
            new Call(
                alice,
                "PUT",
                users + "/me",
                "{\"firstName\":\"alice\",\"lastName\":\"Dev\",\"email\":\"alice@example.com\"}",
                200),
            new Call(operator, "GET", "/api/v1/admin/audit", null, 200),
            new Call(
                admin, "PUT", users + "/" + target, "{\"firstName\":\"M\",\"enabled\":true}", 200),
            new Call(admin, "PUT", users + "/" + target + "/enabled", "{\"enabled\":true}", 200),
            new Call(
                admin, "PUT", users + "/" + target + "/roles", "{\"roles\":[\"api-user\"]}", 200),
            new Call(
                admin,
                "POST",
                users + "/" + target + "/reset-password",
                "{\"temporaryPassword\":\"Temporary-1\"}",
                204),
            new Call(admin, "POST", users + "/" + target + "/logout", null, 204),
            new Call(admin, "POST", users, newUser(unique("walk"), List.of()), 201),
            new Call(admin, "DELETE", users + "/" + target, null, 204));
    for (var call : calls) {
      var response = Http.send(call.method, ports.publicUrl() + call.path, call.token, call.body);
      assertThat(response.statusCode())
          .as("%s %s: %s", call.method, call.path, response.body())
          .isEqualTo(call.expected);
    }
  }

  @Test
  void createdUserLogsInUntilDisabled() {
    var username = unique("carol");
    var created = create(newUser(username, List.of("api-user")));
    var id = created.getString("id");
    assertThat(created.getString("username")).isEqualTo(username);
    assertThat(roles(created)).containsExactly("api-user");
    keycloak.setPermanentPassword(id, "Carol-pass-1");

    var login = keycloak.tokenResponse("backplane", "backplane-cli", username, "Carol-pass-1");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    var token = Keycloak.json(login.body()).getString("access_token");
    assertThat(Http.get(ports.publicUrl() + "/api/v1/users/me", token).body()).contains(username);

    var promoted =
        call("PUT", "/api/v1/users/" + id + "/roles", "{\"roles\":[\"platform-operator\"]}");
    assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
    assertThat(roles(Keycloak.json(promoted.body()))).containsExactly("platform-operator");
    assertThat(roles(Keycloak.json(call("GET", "/api/v1/users/" + id, null).body())))
        .containsExactly("platform-operator");

    // logging the user out ends its session: its refresh token no longer works
    var refreshToken = Keycloak.json(login.body()).getString("refresh_token");
    assertThat(keycloak.refresh(refreshToken).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/api/v1/users/" + id + "/logout", null).statusCode()).isEqualTo(204);
    assertThat(keycloak.refresh(refreshToken).statusCode()).isEqualTo(400);

    var disabled = call("PUT", "/api/v1/users/" + id + "/enabled", "{\"enabled\":false}");
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    assertThat(Keycloak.json(disabled.body()).getBoolean("enabled")).isFalse();

    var refused = keycloak.tokenResponse("backplane", "backplane-cli", username, "Carol-pass-1");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("invalid_grant");
  }

  @Test
  void duplicatesConflictAndBadInputNamesItsFields() {
    var username = unique("dave");
    create(newUser(username, List.of()));

    // each conflict names its field, so a form shows it there
    var sameName =
        call(
            "POST",
            "/api/v1/users",
            newUser(username, List.of()).replace(username + "@", "other-" + username + "@"));
    assertThat(sameName.statusCode()).as(sameName.body()).isEqualTo(409);
    var conflict = Keycloak.json(sameName.body());
    assertThat(conflict.getString("detail")).isEqualTo("Another user has this user name.");
    assertThat(conflict.getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("username");
    var sameEmail =
        call(
            "POST",
            "/api/v1/users",
            newUser(username, List.of())
                .replace("\"" + username + "\"", "\"other-" + username + "\""));
    assertThat(sameEmail.statusCode()).as(sameEmail.body()).isEqualTo(409);
    assertThat(
            Keycloak.json(sameEmail.body())
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("field"))
        .isEqualTo("email");

    var bad =
        call(
            "POST",
            "/api/v1/users",
            "{\"username\":\"No Spaces!\",\"email\":\"not-an-email\",\"roles\":[\"root\"],\"temporaryPassword\":\"short\"}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    var fields =
        Keycloak.json(bad.body()).getJsonArray("errors").getValuesAs(JsonObject.class).stream()
            .map(error -> error.getString("field"))
            .toList();
    assertThat(fields).contains("username", "email", "roles[0]", "temporaryPassword");

    var unknown = call("GET", "/api/v1/users/00000000-0000-0000-0000-000000000000", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void aUsersSessionsAreListedWithWhereAndWhenTheyBegan() {
    var aliceId =
        Keycloak.json(Http.get(ports.publicUrl() + "/api/v1/users/me", alice).body())
            .getString("id");
    var answer = Http.get(ports.publicUrl() + "/api/v1/users/" + aliceId + "/sessions", operator);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    var sessions = Keycloak.jsonArray(answer.body()).getValuesAs(JsonObject.class);
    assertThat(sessions).isNotEmpty();
    assertThat(sessions.get(0).getString("ipAddress")).isNotBlank();
    assertThat(sessions.get(0).getString("started")).isNotBlank();
  }

  @Test
  void anAdministratorCannotDisableOrDeleteThemselves() {
    var self = Keycloak.json(call("GET", "/api/v1/me", null).body()).getString("subject");

    var disable = call("PUT", "/api/v1/users/" + self + "/enabled", "{\"enabled\":false}");
    assertThat(disable.statusCode()).as(disable.body()).isEqualTo(409);
    assertThat(Keycloak.json(disable.body()).getString("detail"))
        .isEqualTo("You cannot disable your own account; another administrator can.");
    var delete = call("DELETE", "/api/v1/users/" + self, null);
    assertThat(delete.statusCode()).as(delete.body()).isEqualTo(409);
    assertThat(keycloak.token("backplane", "admin", "admin")).isNotBlank();
  }

  @Test
  void aNewEmailAddressIsNotVerifiedUntilTheUserConfirmsIt() {
    var username = unique("gina");
    keycloak.createUser(username, "Secret-gina-1");
    keycloak.grantRealmRole(username, "api-user");
    var gina = keycloak.token("backplane", username, "Secret-gina-1");

    var sameAddress =
        Http.send(
            "PUT",
            ports.publicUrl() + "/api/v1/users/me",
            gina,
            "{\"email\":\"" + username.toUpperCase() + "@EXAMPLE.COM\",\"firstName\":\"Gina\"}");
    var newAddress =
        Http.send(
            "PUT",
            ports.publicUrl() + "/api/v1/users/me",
            gina,
            "{\"email\":\"" + username + "@elsewhere.example\",\"firstName\":\"Gina\"}");

    assertThat(sameAddress.statusCode()).as(sameAddress.body()).isEqualTo(200);
    assertThat(Keycloak.json(sameAddress.body()).getBoolean("emailVerified")).isTrue();
    assertThat(newAddress.statusCode()).as(newAddress.body()).isEqualTo(200);
    assertThat(Keycloak.json(newAddress.body()).getBoolean("emailVerified")).isFalse();
    assertThat(keycloak.user(username).getBoolean("emailVerified")).isFalse();
  }

  @Test
  void serviceAccountsAndRealmAdministratorsAreBeyondThePlatformsReach() {
    var serviceAccount = keycloak.userId("service-account-backplane-api");
    var realmAdmin = unique("rhea");
    keycloak.createUser(realmAdmin, "Secret-rhea-1");
    keycloak.grantRealmManagement(realmAdmin, "realm-admin");
    var realmAdminId = keycloak.userId(realmAdmin);
    var users = "/api/v1/users/";
    var writes =
        List.of(
            new Write("PUT", "{id}", "{\"firstName\":\"Taken\",\"enabled\":false}"),
            new Write("PUT", "{id}/enabled", "{\"enabled\":false}"),
            new Write("PUT", "{id}/roles", "{\"roles\":[\"api-user\"]}"),
            new Write("POST", "{id}/reset-password", "{\"temporaryPassword\":\"Taken-over-1\"}"),
            new Write("POST", "{id}/logout", null),
            new Write("DELETE", "{id}", null));

    assertThat(call("GET", users + serviceAccount, null).statusCode()).isEqualTo(404);
    var impostor = call("POST", "/api/v1/users", newUser("service-account-impostor", List.of()));
    assertThat(impostor.statusCode()).as(impostor.body()).isEqualTo(400);
    assertThat(impostor.body()).contains("username");
    assertThat(call("GET", "/api/v1/users?search=service-account", null).body())
        .doesNotContain(serviceAccount);
    assertThat(call("GET", users + realmAdminId, null).statusCode()).isEqualTo(200);
    for (var write : writes) {
      var onServiceAccount =
          call(write.method(), users + write.path().replace("{id}", serviceAccount), write.body());
      var onRealmAdmin =
          call(write.method(), users + write.path().replace("{id}", realmAdminId), write.body());
      assertThat(onServiceAccount.statusCode())
          .as(write + " " + onServiceAccount.body())
          .isEqualTo(404);
      assertThat(onRealmAdmin.statusCode()).as(write + " " + onRealmAdmin.body()).isEqualTo(403);
      assertThat(onRealmAdmin.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
    }
    assertThat(keycloak.user(realmAdmin).getBoolean("enabled")).isTrue();
    assertThat(keycloak.token("backplane", realmAdmin, "Secret-rhea-1")).isNotBlank();
  }

  @Test
  void aReadAfterAnUpdateNeverReturnsTheOldValue() {
    var id = create(newUser(unique("erin"), List.of())).getString("id");
    for (int i = 0; i < 10; i++) {
      // read first, so that the old value is cached
      assertThat(call("GET", "/api/v1/users/" + id, null).statusCode()).isEqualTo(200);
      var update = "{\"firstName\":\"Erin " + i + "\",\"enabled\":true}";
      assertThat(call("PUT", "/api/v1/users/" + id, update).statusCode()).isEqualTo(200);

      var read = Keycloak.json(call("GET", "/api/v1/users/" + id, null).body());
      assertThat(read.getString("firstName")).isEqualTo("Erin " + i);
      var listed = call("GET", "/api/v1/users?search=" + read.getString("username"), null);
      assertThat(listed.body()).contains("Erin " + i);
    }
  }

  @Test
  void everyWriteIsAuditedWithoutPasswords() {
    var username = unique("frank");
    var body =
        "{\"username\":\""
            + username
            + "\",\"roles\":[\"api-user\"],\"temporaryPassword\":\"Secret-frank-1\"}";
    var created = call("POST", "/api/v1/users", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var id = Keycloak.json(created.body()).getString("id");
    var requestId = created.headers().firstValue("X-Request-Id").orElseThrow();
    call(
        "POST",
        "/api/v1/users/" + id + "/reset-password",
        "{\"temporaryPassword\":\"Secret-frank-2\"}");

    var audit = Http.get(ports.publicUrl() + "/api/v1/admin/audit?targetId=" + id, operator);

    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    assertThat(audit.body()).doesNotContain("Secret-frank");
    var events = Keycloak.json(audit.body()).getJsonArray("items").getValuesAs(JsonObject.class);
    assertThat(events)
        .extracting(e -> e.getString("action"))
        .containsExactly("user.reset-password", "user.create");
    var creation = events.get(1);
    assertThat(creation.getString("actor")).isEqualTo("admin");
    // by name for people, by id to link to, and the target by its name too
    assertThat(creation.getString("actorId"))
        .isEqualTo(Keycloak.json(call("GET", "/api/v1/me", null).body()).getString("subject"));
    assertThat(creation.getString("targetName")).isEqualTo(username);
    assertThat(creation.getString("requestId")).isEqualTo(requestId);
    assertThat(creation.getString("instanceId")).isEqualTo("instance-1");
    assertThat(creation.getJsonObject("after").getString("username")).isEqualTo(username);

    var byActor =
        Http.get(
            ports.publicUrl()
                + "/api/v1/admin/audit?actor=admin&action=user.create&from="
                + Instant.now().minusSeconds(600),
            operator);
    assertThat(byActor.body()).contains(id);
    var badTime = Http.get(ports.publicUrl() + "/api/v1/admin/audit?from=yesterday", operator);
    assertThat(badTime.statusCode()).isEqualTo(400);
  }

  @Test
  void keycloakNotAnsweringGivesA503AndCreatesNobody() {
    var username = unique("gina");
    // a search no cache holds: the instance fetches its service account's token now
    assertThat(call("GET", "/api/v1/users?search=" + username, null).statusCode()).isEqualTo(200);
    var keycloakProcesses = keycloakProcesses();
    Signals.send("STOP", keycloakProcesses);
    HttpResponse<String> response;
    try {
      response = call("POST", "/api/v1/users", newUser(username, List.of("api-user")));
    } finally {
      Signals.send("CONT", keycloakProcesses);
    }

    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    // Keycloak may carry out the creation it had received once it runs again: the platform removes
    // such a user, which it said was not created
    await()
        .during(Duration.ofSeconds(12))
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(keycloak.userExists(username)).isFalse());
    var audit = call("GET", "/api/v1/admin/audit?action=user.create&max=500", null);
    assertThat(audit.body()).doesNotContain(username);
  }

  private record Call(String token, String method, String path, String body, int expected) {}

  private record Write(String method, String path, String body) {}

  private HttpResponse<String> call(String method, String path, String json) {
    return Http.send(method, ports.publicUrl() + path, admin, json);
  }

  private JsonObject create(String json) {
    var response = call("POST", "/api/v1/users", json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Location")).isPresent();
    return Keycloak.json(response.body());
  }

  private static String newUser(String username, List<String> roles) {
    var array = Json.createArrayBuilder();
    roles.forEach(array::add);
    return Json.createObjectBuilder()
        .add("username", username)
        .add("email", username + "@example.com")
        .add("firstName", "Test")
        .add("lastName", "User")
        .add("roles", array)
        .build()
        .toString();
  }

  private static List<String> roles(JsonObject user) {
    return user.getJsonArray("roles").getValuesAs(JsonString::getString);
  }

  private static String unique(String name) {
    return name + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  /** Keycloak's wrapper script and its JVM, from the platform's PID file. */
  private List<ProcessHandle> keycloakProcesses() {
    try {
      var pid =
          Long.parseLong(Files.readAllLines(ports.data().resolve("run/keycloak.pid")).getFirst());
      var wrapper = ProcessHandle.of(pid).orElseThrow();
      return Stream.concat(Stream.of(wrapper), wrapper.descendants()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
