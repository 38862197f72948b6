package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's users in Keycloak (bench-user-00000, -00001...), created once per data directory
 * in batches through Keycloak's partial import.
 */
final class BenchUsers {

  private static final int BATCH = 500;
  private static final int PAGE = 1000;
  static final String PREFIX = "bench-user-";

  private final BenchHttp http = new BenchHttp();
  private final String keycloakUrl;
  private final Progress progress;

  BenchUsers(String keycloakUrl, Progress progress) {
    this.keycloakUrl = keycloakUrl;
    this.progress = progress;
  }

  /** Creates the first {@code count} bench users that are missing; returns the ids of as many. */
  List<String> ensure(int count) {
    var token = "Bearer " + masterToken();
    var realm = keycloakUrl + "/admin/realms/backplane";
    var existing =
        Long.parseLong(http.call("GET", realm + "/users/count?search=" + PREFIX, token).trim());
    if (existing < count) {
      var step =
          progress.step("creating " + count + " users in Keycloak (once per data directory)");
      for (int first = 0; first < count; first += BATCH) {
        var users = new StringBuilder("{\"ifResourceExists\":\"SKIP\",\"users\":[");
        for (int i = first; i < Math.min(count, first + BATCH); i++) {
          var name = String.format("%s%05d", PREFIX, i);
          users
              .append(i == first ? "" : ",")
              .append("{\"username\":\"")
              .append(name)
              .append("\",\"email\":\"")
              .append(name)
              .append("@example.com\",\"firstName\":\"Bench\",\"lastName\":\"User ")
              .append(i)
              .append("\",\"enabled\":true}");
        }
        http.send("POST", realm + "/partialImport", token, users.append("]}").toString());
      }
      step.done();
    }
    var ids = new ArrayList<String>();
    for (int first = 0; first < count; first += PAGE) {
      var page =
          http.call(
              "GET",
              realm
                  + "/users?briefRepresentation=true&max="
                  + Math.min(PAGE, count - first)
                  + "&first="
                  + first
                  + "&search="
                  + PREFIX,
              token);
      for (var user : BenchHttp.array(page).getValuesAs(JsonObject.class)) {
        ids.add(user.getString("id"));
      }
    }
    return ids;
  }

  private String masterToken() {
    var form =
        "grant_type=password&client_id=admin-cli&username=keycloak-admin&password=keycloak-admin";
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(keycloakUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    var token = BenchHttp.object(response).getString("access_token", null);
    if (token == null) {
      throw new IllegalStateException("Keycloak gave no admin token: " + response);
    }
    return token;
  }
}
