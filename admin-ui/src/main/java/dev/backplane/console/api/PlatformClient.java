package dev.backplane.console.api;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's way to the platform: its REST API, called with the administrator's own access
 * token, so the API's role rules apply to the console exactly as to any script.
 */
@ApplicationScoped
public class PlatformClient {

  @Inject
  @ConfigProperty(name = "backplane.console.api-url")
  String apiUrl;

  private static final String POLICIES = "/api/v1/admin/rate-limit-policies";

  private Client client;
  private final Jsonb jsonb = JsonbBuilder.create();

  @PostConstruct
  void open() {
    client =
        ClientBuilder.newBuilder()
            .connectTimeout(3, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .build();
  }

  @PreDestroy
  void close() {
    client.close();
  }

  public Me me(String accessToken) throws ApiException {
    return get("/api/v1/me", accessToken, Me.class);
  }

  public UserPage users(String accessToken, String search, int first, int max) throws ApiException {
    return send(
        "GET",
        "/api/v1/users",
        Map.of("search", search == null ? "" : search, "first", first, "max", max),
        accessToken,
        null,
        UserPage.class);
  }

  public User user(String accessToken, String id) throws ApiException {
    return get("/api/v1/users/" + id, accessToken, User.class);
  }

  public User createUser(String accessToken, NewUser user) throws ApiException {
    return send("POST", "/api/v1/users", Map.of(), accessToken, user, User.class);
  }

  public User updateUser(String accessToken, String id, UserUpdate update) throws ApiException {
    return send("PUT", "/api/v1/users/" + id, Map.of(), accessToken, update, User.class);
  }

  public User setRoles(String accessToken, String id, List<String> roles) throws ApiException {
    return send(
        "PUT",
        "/api/v1/users/" + id + "/roles",
        Map.of(),
        accessToken,
        Map.of("roles", roles),
        User.class);
  }

  public User setEnabled(String accessToken, String id, boolean enabled) throws ApiException {
    return send(
        "PUT",
        "/api/v1/users/" + id + "/enabled",
        Map.of(),
        accessToken,
        Map.of("enabled", enabled),
        User.class);
  }

  public void resetPassword(String accessToken, String id, String temporaryPassword)
      throws ApiException {
    send(
        "POST",
        "/api/v1/users/" + id + "/reset-password",
        Map.of(),
        accessToken,
        Map.of("temporaryPassword", temporaryPassword),
        Void.class);
  }

  public void deleteUser(String accessToken, String id) throws ApiException {
    send("DELETE", "/api/v1/users/" + id, Map.of(), accessToken, null, Void.class);
  }

  public AuditPage audit(String accessToken, Map<String, Object> filters, int first, int max)
      throws ApiException {
    var query = new HashMap<String, Object>(filters);
    query.put("first", first);
    query.put("max", max);
    return send("GET", "/api/v1/admin/audit", query, accessToken, null, AuditPage.class);
  }

  /** Every instance with its latest heartbeat; with their last 15 minutes when asked. */
  public Instances instances(String accessToken, boolean history) throws ApiException {
    return send(
        "GET",
        "/api/v1/admin/instances",
        Map.of("history", history),
        accessToken,
        null,
        Instances.class);
  }

  public List<CacheReport> caches(String accessToken) throws ApiException {
    return List.of(get("/api/v1/admin/caches", accessToken, CacheReport[].class));
  }

  /** Empties a cache on every instance (administrators only; audited). */
  public void clearCache(String accessToken, String name) throws ApiException {
    send("DELETE", "/api/v1/admin/caches/" + name, Map.of(), accessToken, null, Void.class);
  }

  public List<RateLimitPolicy> rateLimitPolicies(String accessToken) throws ApiException {
    return List.of(get(POLICIES, accessToken, RateLimitPolicy[].class));
  }

  public RateLimitPolicy createRateLimitPolicy(String accessToken, RateLimitPolicy.Input policy)
      throws ApiException {
    return send("POST", POLICIES, Map.of(), accessToken, policy, RateLimitPolicy.class);
  }

  public RateLimitPolicy updateRateLimitPolicy(
      String accessToken, long id, RateLimitPolicy.Input policy) throws ApiException {
    return send("PUT", POLICIES + "/" + id, Map.of(), accessToken, policy, RateLimitPolicy.class);
  }

  public void deleteRateLimitPolicy(String accessToken, long id) throws ApiException {
    send("DELETE", POLICIES + "/" + id, Map.of(), accessToken, null, Void.class);
  }

  public RateLimitUsage rateLimitUsage(String accessToken) throws ApiException {
    return get("/api/v1/admin/rate-limits/usage", accessToken, RateLimitUsage.class);
  }

  /** The platform's health (liveness and readiness checks); it answers 503 when it is down. */
  public Health health() throws ApiException {
    try (var response =
        client.target(apiUrl).path("/health").request(MediaType.APPLICATION_JSON).get()) {
      var body = response.readEntity(String.class);
      if (response.getStatus() != 200 && response.getStatus() != 503) {
        throw ApiException.from(response.getStatus(), body, jsonb);
      }
      return jsonb.fromJson(body, Health.class);
    } catch (ProcessingException | JsonbException e) {
      throw ApiException.unreachable(apiUrl, e);
    }
  }

  private <T> T get(String path, String accessToken, Class<T> type) throws ApiException {
    return send("GET", path, Map.of(), accessToken, null, type);
  }

  /** One call of the API as the administrator; its problem details become an ApiException. */
  private <T> T send(
      String method,
      String path,
      Map<String, ?> query,
      String accessToken,
      Object body,
      Class<T> type)
      throws ApiException {
    var target = client.target(apiUrl).path(path);
    for (var parameter : query.entrySet()) {
      target = target.queryParam(parameter.getKey(), parameter.getValue());
    }
    var request =
        target
            .request(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
    try (var response =
        body == null
            ? request.method(method)
            : request.method(method, Entity.json(jsonb.toJson(body)))) {
      var text = response.readEntity(String.class);
      if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
        throw ApiException.from(response.getStatus(), text, jsonb);
      }
      return type == Void.class || text == null || text.isEmpty()
          ? null
          : jsonb.fromJson(text, type);
    } catch (ProcessingException | JsonbException e) {
      throw ApiException.unreachable(apiUrl, e);
    }
  }
}
