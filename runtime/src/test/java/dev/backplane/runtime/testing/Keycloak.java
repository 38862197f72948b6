package dev.backplane.runtime.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The test platform's real Keycloak: tokens by password grant and a little of its admin API. */
public final class Keycloak {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String url;

  public Keycloak(TestPorts ports) {
    this.url = ports.keycloakUrl();
  }

  /** An access token of the {@code backplane-cli} client for this user of this realm. */
  public String token(String realm, String username, String password) {
    var response = tokenResponse(realm, "backplane-cli", username, password);
    if (response.statusCode() != 200) {
      throw new AssertionError("Keycloak refused a token for " + username + ": " + response.body());
    }
    return json(response.body()).getString("access_token");
  }

  public HttpResponse<String> tokenResponse(
      String realm, String client, String username, String password) {
    var form =
        Map.of(
            "grant_type",
            "password",
            "client_id",
            client,
            "username",
            username,
            "password",
            password);
    return send(
        HttpRequest.newBuilder(
                URI.create(url + "/realms/" + realm + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form))));
  }

  /** A refresh-token grant of the {@code backplane-cli} client in the realm "backplane". */
  public HttpResponse<String> refresh(String refreshToken) {
    var form =
        Map.of(
            "grant_type",
            "refresh_token",
            "client_id",
            "backplane-cli",
            "refresh_token",
            refreshToken);
    return send(
        HttpRequest.newBuilder(URI.create(url + "/realms/backplane/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form))));
  }

  /** Creates a realm from a realm file, unless it exists already. */
  public void createRealm(Path realmFile) {
    try {
      var response = admin("POST", "/admin/realms", Files.readString(realmFile));
      if (response.statusCode() != 201 && response.statusCode() != 409) {
        throw new AssertionError(
            "Keycloak did not create the realm: " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates an enabled user with a password in the realm "backplane", unless it exists. */
  public void createUser(String username, String password) {
    var user =
        Json.createObjectBuilder()
            .add("username", username)
            .add("enabled", true)
            .add("email", username + "@example.com")
            .add("emailVerified", true)
            .add("firstName", username)
            .add("lastName", "Test")
            .add(
                "credentials",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("type", "password")
                            .add("value", password)
                            .add("temporary", false)))
            .build();
    var response = admin("POST", "/admin/realms/backplane/users", user.toString());
    if (response.statusCode() != 201 && response.statusCode() != 409) {
      throw new AssertionError(
          "Keycloak did not create the user: " + response.statusCode() + " " + response.body());
    }
  }

  /** Gives a user a permanent password and no pending actions, as if it had logged in once. */
  public void setPermanentPassword(String userId, String password) {
    var credential =
        Json.createObjectBuilder()
            .add("type", "password")
            .add("value", password)
            .add("temporary", false)
            .build();
    expect204(
        admin(
            "PUT",
            "/admin/realms/backplane/users/" + userId + "/reset-password",
            credential.toString()));
    var noActions =
        Json.createObjectBuilder().add("requiredActions", Json.createArrayBuilder()).build();
    expect204(admin("PUT", "/admin/realms/backplane/users/" + userId, noActions.toString()));
  }

  /** Whether a user of this name exists in the realm "backplane", asked of Keycloak itself. */
  public boolean userExists(String username) {
    var response =
        admin("GET", "/admin/realms/backplane/users?exact=true&username=" + username, "");
    return !Json.createReader(new StringReader(response.body())).readArray().isEmpty();
  }

  /** The id of a user of the realm "backplane", asked of Keycloak itself. */
  public String userId(String username) {
    var response =
        admin("GET", "/admin/realms/backplane/users?exact=true&username=" + username, "");
    return jsonArray(response.body()).getJsonObject(0).getString("id");
  }

  /** Gives a user of the realm "backplane" one of its realm roles (platform-admin...). */
  public void grantRealmRole(String username, String role) {
    var representation = admin("GET", "/admin/realms/backplane/roles/" + role, "").body();
    expect204(
        admin(
            "POST",
            "/admin/realms/backplane/users/" + userId(username) + "/role-mappings/realm",
            "[" + representation + "]"));
  }

  /** Makes a user an administrator of the realm itself (a role of realm-management). */
  public void grantRealmManagement(String username, String role) {
    var clients =
        jsonArray(
            admin("GET", "/admin/realms/backplane/clients?clientId=realm-management", "").body());
    var client = clients.getJsonObject(0).getString("id");
    var representation =
        admin("GET", "/admin/realms/backplane/clients/" + client + "/roles/" + role, "").body();
    expect204(
        admin(
            "POST",
            "/admin/realms/backplane/users/"
                + userId(username)
                + "/role-mappings/clients/"
                + client,
            "[" + representation + "]"));
  }

  /** A user of the realm "backplane" as Keycloak's admin API shows it (with required actions). */
  public JsonObject user(String username) {
    return json(admin("GET", "/admin/realms/backplane/users/" + userId(username), "").body());
  }

  /** Marks a user's email as verified, as Keycloak does after the user followed its link. */
  public void verifyEmail(String username) {
    expect204(
        admin(
            "PUT",
            "/admin/realms/backplane/users/" + userId(username),
            "{\"emailVerified\":true}"));
  }

  private static void expect204(HttpResponse<String> response) {
    if (response.statusCode() != 204) {
      throw new AssertionError(
          "Keycloak answered " + response.statusCode() + ": " + response.body());
    }
  }

  private HttpResponse<String> admin(String method, String path, String body) {
    var token =
        json(tokenResponse("master", "admin-cli", "keycloak-admin", "keycloak-admin").body())
            .getString("access_token");
    return send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject json(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }

  public static JsonArray jsonArray(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.readArray();
    }
  }

  private static String formEncode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
