package dev.backplane.api.users.control;

import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.RejectedInputException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.security.control.KeycloakAvailability;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keycloak's Admin REST API for the platform's realm, called as the {@code backplane-api} service
 * account (client credentials; its token is reused until shortly before it expires). Every call is
 * bounded by a timeout. Keycloak's answers become the API's: 404 and 409 as they are, a refused
 * value as 400, and anything else (down, slow, 5xx, the service account refused) as 503 with {@code
 * Retry-After}.
 */
@ApplicationScoped
public class KeycloakAdmin {

  private static final Logger LOG = Logger.getLogger(KeycloakAdmin.class.getName());
  private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
  private static final JsonProvider JSON = JsonProvider.provider();

  private final Clock clock = Clock.systemUTC();
  private Client client;
  private WebTarget admin;
  private WebTarget tokenEndpoint;
  private String clientId;
  private String clientSecret;
  private String token;
  private Instant tokenExpiry = Instant.MIN;

  @Inject KeycloakAvailability keycloak;

  KeycloakAdmin() {}

  @Inject
  KeycloakAdmin(
      @ConfigProperty(name = "backplane.keycloak.url") String url,
      @ConfigProperty(name = "backplane.keycloak.realm") String realm,
      @ConfigProperty(name = "backplane.keycloak.client-id") String clientId,
      @ConfigProperty(name = "backplane.keycloak.client-secret") String clientSecret,
      @ConfigProperty(name = "backplane.keycloak.timeout-ms", defaultValue = "5000")
          long timeoutMillis) {
    this.client =
        ClientBuilder.newBuilder()
            .connectTimeout(Math.min(timeoutMillis, 2000), TimeUnit.MILLISECONDS)
            .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
            // Keycloak takes the role mappings to remove as the body of a DELETE, which Jersey
            // refuses unless told otherwise
            .property("jersey.config.client.suppressHttpComplianceValidation", true)
            .build();
    var base = client.target(url.replaceAll("/+$", ""));
    this.admin = base.path("admin/realms").path(realm);
    this.tokenEndpoint = base.path("realms").path(realm).path("protocol/openid-connect/token");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  @PreDestroy
  void close() {
    if (client != null) {
      client.close();
    }
  }

  /** GET of a JSON object, e.g. {@code users/{id}}. */
  public JsonObject object(String path) {
    return (JsonObject) read(send("GET", path, Map.of(), null));
  }

  /** GET of a JSON array, with query parameters. */
  public JsonArray array(String path, Map<String, ?> query) {
    return (JsonArray) read(send("GET", path, query, null));
  }

  /** GET of a number, e.g. {@code users/count}. */
  public long number(String path, Map<String, ?> query) {
    return Long.parseLong(readText(send("GET", path, query, null)).trim());
  }

  /** POST that creates something; returns the id at the end of its {@code Location}. */
  public String create(String path, JsonObject body) {
    var response = send("POST", path, Map.of(), body);
    var location = response.getLocation();
    response.close();
    if (location == null) {
      throw new KeycloakUnavailableException(
          "Keycloak created the " + path + " without a Location.");
    }
    var segments = location.getPath().split("/");
    return segments[segments.length - 1];
  }

  public void put(String path, JsonStructure body) {
    send("PUT", path, Map.of(), body).close();
  }

  public void post(String path, JsonStructure body) {
    send("POST", path, Map.of(), body).close();
  }

  /** DELETE, with a body where Keycloak wants one (role mappings). */
  public void delete(String path, JsonStructure body) {
    send("DELETE", path, Map.of(), body).close();
  }

  /** Sends one request, once more with a new token if Keycloak no longer takes the cached one. */
  private Response send(String method, String path, Map<String, ?> query, JsonStructure body) {
    if (!keycloak.available()) {
      // known down or frozen: at once, instead of every request waiting for the timeouts
      throw new KeycloakUnavailableException(
          "Keycloak does not answer, so users cannot be managed now; try again shortly.");
    }
    var response = attempt(method, path, query, body, bearer(false));
    if (response.getStatus() == 401) {
      response.close();
      response = attempt(method, path, query, body, bearer(true));
    }
    return checked(response, method, path);
  }

  private Response attempt(
      String method, String path, Map<String, ?> query, JsonStructure body, String bearer) {
    var target = admin.path(path);
    for (var parameter : query.entrySet()) {
      target = target.queryParam(parameter.getKey(), encoded(parameter.getValue()));
    }
    var request =
        target.request(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + bearer);
    try {
      return body == null
          ? request.method(method)
          : request.build(method, Entity.json(body.toString())).invoke();
    } catch (ProcessingException e) {
      // the requests after this one answer 503 at once, until Keycloak's probe finds it answers
      keycloak.failed("no answer to " + method + " " + path + " within the timeout");
      throw unavailable("did not answer " + method + " " + path, e);
    }
  }

  /**
   * A query value percent-encoded whole: the client takes braces as a URI template ({@code
   * search={x}} failed the request) and keeps a '%' sequence as it is, so nothing of the caller's
   * text may reach it unencoded.
   */
  private static String encoded(Object value) {
    return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Response checked(Response response, String method, String path) {
    int status = response.getStatus();
    if (status < 300) {
      return response;
    }
    var message = errorMessage(response);
    switch (status) {
      case 404 -> throw new ResourceNotFoundException(message);
      case 409 -> throw conflict(message);
      case 400 -> throw new RejectedInputException(message);
      default -> {
        LOG.warning(
            () -> "Keycloak answered " + status + " to " + method + " " + path + ": " + message);
        throw new KeycloakUnavailableException(
            "Keycloak could not do this now (status " + status + "); try again later.");
      }
    }
  }

  /**
   * Keycloak's conflict as the field it is about: it says "User exists with same username" or "...
   * same email" (or "same username or email" when it cannot tell).
   */
  static ConflictException conflict(String keycloakMessage) {
    var said = keycloakMessage == null ? "" : keycloakMessage.toLowerCase(Locale.ROOT);
    boolean username = said.contains("username");
    boolean email = said.contains("email");
    if (username && !email) {
      return new ConflictException(
          "Another user has this user name.", "username", "is taken by another user");
    }
    if (email && !username) {
      return new ConflictException(
          "Another user has this email address.", "email", "is used by another user");
    }
    return new ConflictException(
        username ? "Another user has this user name or email address." : keycloakMessage);
  }

  /** Keycloak's reason, e.g. "User exists with same username", without anything else of it. */
  private static String errorMessage(Response response) {
    try {
      var text = readText(response);
      var error = JSON.createReader(new StringReader(text)).readObject();
      var said =
          error.getString(
              "errorMessage", error.getString("error_description", error.getString("error", "")));
      return said.isBlank() ? null : "Keycloak: " + said;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private synchronized String bearer(boolean renew) {
    if (!renew && token != null && clock.instant().isBefore(tokenExpiry)) {
      return token;
    }
    var form =
        new Form()
            .param("grant_type", "client_credentials")
            .param("client_id", clientId)
            .param("client_secret", clientSecret);
    Response response;
    try {
      response =
          tokenEndpoint
              .request(MediaType.APPLICATION_JSON)
              .post(Entity.entity(form, MediaType.APPLICATION_FORM_URLENCODED_TYPE));
    } catch (ProcessingException e) {
      throw unavailable("did not issue the service account's token", e);
    }
    if (response.getStatus() != 200) {
      var message = errorMessage(response);
      LOG.severe(
          () ->
              "Keycloak refused the service account "
                  + clientId
                  + " ("
                  + response.getStatus()
                  + "): "
                  + message
                  + "; check backplane.keycloak.client-id and client-secret");
      throw new KeycloakUnavailableException(
          "Keycloak refused the platform's service account; an operator must check it.");
    }
    var answer = (JsonObject) read(response);
    token = answer.getString("access_token");
    tokenExpiry =
        clock
            .instant()
            .plusSeconds(answer.getJsonNumber("expires_in").longValue())
            .minus(TOKEN_MARGIN);
    return token;
  }

  private static JsonValue read(Response response) {
    return JSON.createReader(new StringReader(readText(response))).readValue();
  }

  private static String readText(Response response) {
    try (response) {
      return response.readEntity(String.class);
    } catch (ProcessingException e) {
      throw unavailable("sent an answer that could not be read", e);
    }
  }

  private static KeycloakUnavailableException unavailable(String what, Exception cause) {
    LOG.log(Level.WARNING, "Keycloak " + what + ": " + cause.getMessage());
    return new KeycloakUnavailableException(
        "Keycloak is unavailable or too slow; try again later.");
  }
}
