package dev.backplane.console.api;

import dev.backplane.api.audit.entity.AuditPage;
import dev.backplane.api.caches.entity.CacheReport;
import dev.backplane.api.collections.entity.Collection;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.gateway.entity.Route;
import dev.backplane.api.gateway.entity.RouteSpec;
import dev.backplane.api.gateway.entity.RouteStatus;
import dev.backplane.api.instance.entity.InstancesReport;
import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.jobs.entity.JobPage;
import dev.backplane.api.me.entity.Caller;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.ratelimit.entity.PolicySpec;
import dev.backplane.api.ratelimit.entity.UsageReport;
import dev.backplane.api.users.entity.EnabledChange;
import dev.backplane.api.users.entity.NewUser;
import dev.backplane.api.users.entity.PasswordReset;
import dev.backplane.api.users.entity.RoleAssignment;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserPage;
import dev.backplane.api.users.entity.UserSession;
import dev.backplane.api.users.entity.UserUpdate;
import dev.backplane.api.webhooks.entity.Webhook;
import dev.backplane.api.webhooks.entity.WebhookDelivery;
import dev.backplane.api.webhooks.entity.WebhookSpec;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The console's way to the platform: the typed {@link PlatformApi} with the administrator's own
 * access token, each failure as an {@link ApiException} (an API that does not answer too).
 */
@ApplicationScoped
public class PlatformClient {

  @Inject
  @ConfigProperty(name = "backplane.console.api-url")
  String apiUrl;

  private static final Jsonb JSONB = JsonbBuilder.create();

  private PlatformApi api;
  private HealthEndpoint health;

  /** The platform's health: not part of the API (MicroProfile Health), and a 503 is an answer. */
  @Path("/health")
  public interface HealthEndpoint {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Response get();
  }

  /** A call of the API that may fail. */
  @FunctionalInterface
  private interface Call<T> {
    T on(PlatformApi api) throws ApiException;
  }

  @PostConstruct
  void open() {
    api = builder().register(ProblemAnswers.class).build(PlatformApi.class);
    health =
        builder()
            .property("microprofile.rest.client.disable.default.mapper", true)
            .build(HealthEndpoint.class);
  }

  private RestClientBuilder builder() {
    return RestClientBuilder.newBuilder()
        .baseUri(URI.create(apiUrl))
        .connectTimeout(3, TimeUnit.SECONDS)
        .readTimeout(10, TimeUnit.SECONDS);
  }

  private <T> T call(Call<T> call) throws ApiException {
    try {
      return call.on(api);
    } catch (ProcessingException e) {
      throw ApiException.unreachable(apiUrl, e);
    }
  }

  private static String bearer(String accessToken) {
    return "Bearer " + accessToken;
  }

  public Caller me(String accessToken) throws ApiException {
    return call(api -> api.me(bearer(accessToken)));
  }

  public UserPage users(String accessToken, String search, int first, int max) throws ApiException {
    return call(api -> api.users(bearer(accessToken), search == null ? "" : search, first, max));
  }

  public User user(String accessToken, String id) throws ApiException {
    return call(api -> api.user(bearer(accessToken), id));
  }

  public User createUser(String accessToken, NewUser user) throws ApiException {
    return call(api -> api.createUser(bearer(accessToken), user));
  }

  public User updateUser(String accessToken, String id, UserUpdate update) throws ApiException {
    return call(api -> api.updateUser(bearer(accessToken), id, update));
  }

  public User setRoles(String accessToken, String id, List<String> roles) throws ApiException {
    return call(api -> api.setRoles(bearer(accessToken), id, new RoleAssignment(roles)));
  }

  public User setEnabled(String accessToken, String id, boolean enabled) throws ApiException {
    return call(api -> api.setEnabled(bearer(accessToken), id, new EnabledChange(enabled)));
  }

  public void resetPassword(String accessToken, String id, String temporaryPassword)
      throws ApiException {
    call(
        api -> {
          api.resetPassword(bearer(accessToken), id, new PasswordReset(temporaryPassword));
          return null;
        });
  }

  public List<UserSession> sessions(String accessToken, String id) throws ApiException {
    return call(api -> api.sessions(bearer(accessToken), id));
  }

  /** Ends every session of the user (administrators only; audited). */
  public void logoutUser(String accessToken, String id) throws ApiException {
    call(
        api -> {
          api.logoutUser(bearer(accessToken), id);
          return null;
        });
  }

  public void deleteUser(String accessToken, String id) throws ApiException {
    call(
        api -> {
          api.deleteUser(bearer(accessToken), id);
          return null;
        });
  }

  /** The audit trail, newest first, by the filters that are not null. */
  public AuditPage audit(String accessToken, AuditFilter filter, int first, int max)
      throws ApiException {
    return call(
        api ->
            api.audit(
                bearer(accessToken),
                filter.actor(),
                filter.action(),
                filter.targetType(),
                filter.targetId(),
                filter.from() == null ? null : filter.from().toString(),
                filter.to() == null ? null : filter.to().toString(),
                first,
                max));
  }

  /** The audit trail's filters; a null one is not applied. */
  public record AuditFilter(
      String actor,
      String action,
      String targetType,
      String targetId,
      java.time.Instant from,
      java.time.Instant to) {}

  /** The actions the audit trail holds, for a filter to choose from. */
  public List<String> auditActions(String accessToken) throws ApiException {
    return call(api -> api.auditActions(bearer(accessToken)));
  }

  /** Every instance with its latest heartbeat; with their last 15 minutes when asked. */
  public InstancesReport instances(String accessToken, boolean history) throws ApiException {
    return call(api -> api.instances(bearer(accessToken), history));
  }

  public List<CacheReport> caches(String accessToken) throws ApiException {
    return call(api -> api.caches(bearer(accessToken)));
  }

  /** Empties a cache on every instance (administrators only; audited). */
  public void clearCache(String accessToken, String name) throws ApiException {
    call(
        api -> {
          api.clearCache(bearer(accessToken), name);
          return null;
        });
  }

  public List<Policy> rateLimitPolicies(String accessToken) throws ApiException {
    return call(api -> api.rateLimitPolicies(bearer(accessToken)));
  }

  public Policy createRateLimitPolicy(String accessToken, PolicySpec policy) throws ApiException {
    return call(api -> api.createRateLimitPolicy(bearer(accessToken), policy));
  }

  public Policy updateRateLimitPolicy(String accessToken, long id, PolicySpec policy)
      throws ApiException {
    return call(api -> api.updateRateLimitPolicy(bearer(accessToken), id, policy));
  }

  public void deleteRateLimitPolicy(String accessToken, long id) throws ApiException {
    call(
        api -> {
          api.deleteRateLimitPolicy(bearer(accessToken), id);
          return null;
        });
  }

  public UsageReport rateLimitUsage(String accessToken) throws ApiException {
    return call(api -> api.rateLimitUsage(bearer(accessToken)));
  }

  public List<Collection> collections(String accessToken) throws ApiException {
    return call(api -> api.collections(bearer(accessToken)));
  }

  public Collection createCollection(String accessToken, CollectionSpec collection)
      throws ApiException {
    return call(api -> api.createCollection(bearer(accessToken), collection));
  }

  /** Changes a collection at the version read: a 412 if it changed since. */
  public Collection updateCollection(
      String accessToken, String name, long version, CollectionSpec collection)
      throws ApiException {
    return call(api -> api.updateCollection(bearer(accessToken), name, etag(version), collection));
  }

  public void deleteCollection(String accessToken, String name) throws ApiException {
    call(
        api -> {
          api.deleteCollection(bearer(accessToken), name);
          return null;
        });
  }

  /** What the records list asks for; null parts are not sent. */
  public record RecordsQuery(String filter, String sort, String after, String fields, int limit) {}

  /** A page of a collection's records with their total. */
  public JsonObject records(String accessToken, String collection, RecordsQuery query)
      throws ApiException {
    return call(
        api ->
            api.records(
                bearer(accessToken),
                collection,
                query.filter(),
                query.sort(),
                query.after(),
                query.fields(),
                query.limit(),
                true));
  }

  public JsonObject createRecord(String accessToken, String collection, JsonObject values)
      throws ApiException {
    return call(api -> api.createRecord(bearer(accessToken), collection, values));
  }

  /** Replaces a record's values at the version read: a 412 if it changed since. */
  public JsonObject replaceRecord(
      String accessToken, String collection, String id, long version, JsonObject values)
      throws ApiException {
    return call(
        api -> api.replaceRecord(bearer(accessToken), collection, id, etag(version), values));
  }

  public void deleteRecord(String accessToken, String collection, String id, long version)
      throws ApiException {
    call(
        api -> {
          api.deleteRecord(bearer(accessToken), collection, id, etag(version));
          return null;
        });
  }

  private static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** The platform's health (liveness and readiness checks); it answers 503 when it is down. */
  public Health health() throws ApiException {
    try (var response = health.get()) {
      var body = response.readEntity(String.class);
      if (response.getStatus() != 200 && response.getStatus() != 503) {
        throw ApiException.from(response.getStatus(), body, JSONB);
      }
      return JSONB.fromJson(body, Health.class);
    } catch (ProcessingException | JsonbException e) {
      throw ApiException.unreachable(apiUrl, e);
    }
  }

  /** Jobs newest first, of a state and a type when given (null: any). */
  public JobPage jobs(String accessToken, String state, String type, int first, int max)
      throws ApiException {
    return call(api -> api.jobs(bearer(accessToken), state, type, first, max));
  }

  public List<String> jobTypes(String accessToken) throws ApiException {
    return call(api -> api.jobTypes(bearer(accessToken)));
  }

  /** One job with its attempts. */
  public Job job(String accessToken, String id) throws ApiException {
    return call(api -> api.job(bearer(accessToken), id));
  }

  /** Queues a failed job again (administrators; audited). */
  public Job retryJob(String accessToken, String id) throws ApiException {
    return call(api -> api.retryJob(bearer(accessToken), id));
  }

  /** Cancels a queued job (administrators; audited). */
  public Job cancelJob(String accessToken, String id) throws ApiException {
    return call(api -> api.cancelJob(bearer(accessToken), id));
  }

  /** A file a job wrote, streamed from the API; the caller closes it. */
  public InputStream jobFile(String accessToken, String id, String name) throws ApiException {
    return call(api -> api.jobFile(bearer(accessToken), id, name));
  }

  /** The webhooks, by name (secrets for administrators only). */
  public List<Webhook> webhooks(String accessToken) throws ApiException {
    return call(api -> api.webhooks(bearer(accessToken)));
  }

  public Webhook createWebhook(String accessToken, WebhookSpec spec) throws ApiException {
    return call(api -> api.createWebhook(bearer(accessToken), spec));
  }

  public Webhook updateWebhook(String accessToken, String id, WebhookSpec spec)
      throws ApiException {
    return call(api -> api.updateWebhook(bearer(accessToken), id, spec));
  }

  public void deleteWebhook(String accessToken, String id) throws ApiException {
    call(
        api -> {
          api.deleteWebhook(bearer(accessToken), id);
          return null;
        });
  }

  /** A webhook's delivery log, newest first. */
  public List<WebhookDelivery> webhookDeliveries(String accessToken, String id, int max)
      throws ApiException {
    return call(api -> api.webhookDeliveries(bearer(accessToken), id, max));
  }

  /** Delivers a message again, as a new job (administrators; audited). */
  public Job redeliverWebhookMessage(String accessToken, String id, String message)
      throws ApiException {
    return call(api -> api.redeliverWebhookMessage(bearer(accessToken), id, message));
  }

  /** The gateway's routes, by name. */
  public List<Route> routes(String accessToken) throws ApiException {
    return call(api -> api.routes(bearer(accessToken)));
  }

  /** Every route's last 15 minutes across the cluster, and its targets' health. */
  public List<RouteStatus> routeStatus(String accessToken) throws ApiException {
    return call(api -> api.routeStatus(bearer(accessToken)));
  }

  public Route createRoute(String accessToken, RouteSpec spec) throws ApiException {
    return call(api -> api.createRoute(bearer(accessToken), spec));
  }

  public Route updateRoute(String accessToken, String name, RouteSpec spec) throws ApiException {
    return call(api -> api.updateRoute(bearer(accessToken), name, spec));
  }

  public void deleteRoute(String accessToken, String name) throws ApiException {
    call(
        api -> {
          api.deleteRoute(bearer(accessToken), name);
          return null;
        });
  }
}
