package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.Directories;
import dev.backplane.runtime.Distribution;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.Settings;
import dev.backplane.runtime.keycloak.KeycloakServer;
import dev.backplane.runtime.process.ManagedProcess;
import dev.backplane.runtime.testing.BackplaneCommand;
import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.TestPorts;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production realm (realm-config/prod) as docker/compose.yaml has Keycloak import it: a real
 * Keycloak started with the realm file and the environment an operator sets, then tried with
 * everything the public development realm would let in.
 */
class ProductionRealmSystemIT {

  static final TestPorts PORTS = TestPorts.named("production-realm", 2);

  private static final Path REALM =
      BackplaneCommand.HOME.resolve("realm-config/prod/backplane-realm.json");
  private static final Path DISTRIBUTION =
      Path.of(System.getProperty("backplane.distribution", "target/backplane")).toAbsolutePath();

  // unknown before the run, as an operator's values are
  private static final String CLIENT_SECRET = "secret-" + UUID.randomUUID();
  private static final String ADMIN_USERNAME = "first-admin";
  private static final String ADMIN_PASSWORD = "first-login-" + UUID.randomUUID();
  private static final String CONSOLE_BASE_URL = "https://backplane.example.test/console";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static ManagedProcess keycloakProcess;
  private static Keycloak keycloak;

  @BeforeAll
  static void startKeycloakWithTheProductionRealm() {
    var settings = Settings.from(PORTS.environment(), DISTRIBUTION, PORTS.data());
    var distribution = new Distribution(settings.distribution());
    // a failed run may have left its Keycloak running
    ManagedProcess.find(
            KeycloakServer.NAME,
            KeycloakServer.pidFile(settings),
            settings.logs().resolve("keycloak.log"))
        .ifPresent(leftover -> leftover.stop(Duration.ofSeconds(30)));
    // Keycloak imports a realm only once: the realm of an earlier run holds other values
    Directories.deleteTree(
        settings
            .data()
            .resolve("keycloak")
            .resolve("keycloak-" + distribution.keycloakVersion())
            .resolve("data/h2"));
    var server = new KeycloakServer(settings, distribution);
    server.checkPorts();
    server.install(Progress.silent());
    keycloakProcess =
        server.start(
            Progress.silent(),
            List.of(REALM),
            Map.of(
                "BACKPLANE_KEYCLOAK_CLIENT_SECRET", CLIENT_SECRET,
                "BACKPLANE_CONSOLE_BASE_URL", CONSOLE_BASE_URL,
                "BACKPLANE_INITIAL_ADMIN_USERNAME", ADMIN_USERNAME,
                "BACKPLANE_INITIAL_ADMIN_PASSWORD", ADMIN_PASSWORD));
    keycloak = new Keycloak(PORTS);
  }

  @AfterAll
  static void stopKeycloak() {
    if (keycloakProcess != null) {
      keycloakProcess.stop(Duration.ofSeconds(30));
    }
  }

  @Test
  void thePlatformsServiceAccountTakesTheSecretFromTheEnvironmentAndMayManageUsers() {
    var response = clientCredentials(CLIENT_SECRET);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var claims = claims(Keycloak.json(response.body()).getString("access_token"));
    assertThat(claims.getString("azp")).isEqualTo("backplane-api");
    assertThat(
            claims
                .getJsonObject("resource_access")
                .getJsonObject("realm-management")
                .getJsonArray("roles")
                .getValuesAs(JsonString::getString))
        .contains("view-users", "query-users", "manage-users", "view-realm");
  }

  @Test
  void theDevelopmentSecretIsRefused() {
    var response = clientCredentials("backplane-api-dev-secret");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
  }

  @Test
  void thereIsNoPasswordGrantClient() {
    var response = keycloak.tokenResponse("backplane", "backplane-cli", "admin", "admin");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(Keycloak.json(response.body()).getString("error")).isEqualTo("invalid_client");
    assertThat(clients("backplane-cli")).isEmpty();
  }

  @Test
  void theDevelopmentUsersDoNotExist() {
    for (var devUser : List.of("admin", "operator", "alice")) {
      assertThat(users(devUser)).as(devUser).isEmpty();
    }
    // admin-cli is the one client of every realm that takes passwords
    var response = keycloak.tokenResponse("backplane", "admin-cli", "admin", "admin");
    assertThat(Keycloak.json(response.body()).getString("error_description"))
        .isEqualTo("Invalid user credentials");
  }

  @Test
  void theInitialAdministratorHasPlatformAdminAndMustChangeTheFirstPassword() {
    var admin = users(ADMIN_USERNAME).getFirst();

    assertThat(admin.getBoolean("enabled")).isTrue();
    assertThat(admin.getJsonArray("requiredActions").getValuesAs(JsonString::getString))
        .contains("UPDATE_PASSWORD");
    var roles =
        adminGet("/users/" + admin.getString("id") + "/role-mappings/realm")
            .getValuesAs(JsonObject.class)
            .stream()
            .map(role -> role.getString("name"))
            .toList();
    assertThat(roles).contains("platform-admin");
    // the password is right and still gives no token: the account has actions pending
    var response = keycloak.tokenResponse("backplane", "admin-cli", ADMIN_USERNAME, ADMIN_PASSWORD);
    assertThat(Keycloak.json(response.body()).getString("error_description"))
        .isEqualTo("Account is not fully set up");
  }

  @Test
  void theConsoleReturnsOnlyToItsConfiguredAddressAndOnlyWithPkce() {
    var console = clients("backplane-console").getFirst();

    assertThat(console.getBoolean("publicClient")).isTrue();
    assertThat(console.getBoolean("directAccessGrantsEnabled")).isFalse();
    assertThat(console.getJsonArray("redirectUris").getValuesAs(JsonString::getString))
        .containsExactly(CONSOLE_BASE_URL + "/*");
    assertThat(console.getJsonObject("attributes").getString("pkce.code.challenge.method"))
        .isEqualTo("S256");

    var challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    assertThat(authorize(CONSOLE_BASE_URL + "/", challenge).statusCode()).isEqualTo(200);
    assertThat(authorize("https://elsewhere.example.test/console/", challenge).statusCode())
        .isEqualTo(400);
    assertThat(authorize(CONSOLE_BASE_URL + "/", null).headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).contains("error=invalid_request"));
  }

  @Test
  void noPlaceholderIsLeftInTheRealm() {
    var apiClient = clients("backplane-api").getFirst();
    var secret = adminGetObject("/clients/" + apiClient.getString("id") + "/client-secret");

    assertThat(secret.getString("value")).isEqualTo(CLIENT_SECRET);
    assertThat(users(ADMIN_USERNAME)).hasSize(1);
  }

  private static HttpResponse<String> clientCredentials(String secret) {
    return post(
        "/realms/backplane/protocol/openid-connect/token",
        Map.of(
            "grant_type", "client_credentials",
            "client_id", "backplane-api",
            "client_secret", secret));
  }

  /** The first step of the console's login, as its browser takes it. */
  private static HttpResponse<String> authorize(String redirectUri, String codeChallenge) {
    var query =
        new StringBuilder("client_id=backplane-console&response_type=code&scope=openid&state=s1")
            .append("&redirect_uri=")
            .append(URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
    if (codeChallenge != null) {
      query.append("&code_challenge_method=S256&code_challenge=").append(codeChallenge);
    }
    return Http.get(
        PORTS.keycloakUrl() + "/realms/backplane/protocol/openid-connect/auth?" + query);
  }

  private static List<JsonObject> users(String username) {
    return adminGet(
            "/users?exact=true&briefRepresentation=false&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8))
        .getValuesAs(JsonObject.class);
  }

  private static List<JsonObject> clients(String clientId) {
    return adminGet("/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8))
        .getValuesAs(JsonObject.class);
  }

  private static JsonArray adminGet(String path) {
    return Keycloak.jsonArray(adminResponse(path).body());
  }

  private static JsonObject adminGetObject(String path) {
    return Keycloak.json(adminResponse(path).body());
  }

  /** Keycloak's admin API on the realm, as the master realm's administrator the launcher sets. */
  private static HttpResponse<String> adminResponse(String path) {
    var token =
        Keycloak.json(
                keycloak
                    .tokenResponse("master", "admin-cli", "keycloak-admin", "keycloak-admin")
                    .body())
            .getString("access_token");
    var response = Http.get(PORTS.keycloakUrl() + "/admin/realms/backplane" + path, token);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return response;
  }

  private static HttpResponse<String> post(String path, Map<String, String> form) {
    var body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    var request =
        HttpRequest.newBuilder(URI.create(PORTS.keycloakUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A token's claims, read without checking its signature (Keycloak has just issued it). */
  private static JsonObject claims(String token) {
    var payload = token.split("\\.")[1];
    return Keycloak.json(
        new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }
}
