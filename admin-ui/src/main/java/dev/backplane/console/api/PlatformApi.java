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
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;

/**
 * The platform's REST API as the console calls it: a MicroProfile Rest Client over the API's own
 * records (module api-model), each call with the administrator's bearer token, so the API's role
 * rules apply to the console exactly as to any script. An error answer arrives as an {@link
 * ApiException} carrying its problem details ({@link ProblemAnswers}).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface PlatformApi {

  @GET
  @Path("me")
  Caller me(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) throws ApiException;

  @GET
  @Path("users")
  UserPage users(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @QueryParam("search") String search,
      @QueryParam("first") int first,
      @QueryParam("max") int max)
      throws ApiException;

  @GET
  @Path("users/{id}")
  User user(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id)
      throws ApiException;

  @POST
  @Path("users")
  User createUser(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, NewUser user)
      throws ApiException;

  @PUT
  @Path("users/{id}")
  User updateUser(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") String id,
      UserUpdate update)
      throws ApiException;

  @PUT
  @Path("users/{id}/roles")
  User setRoles(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") String id,
      RoleAssignment roles)
      throws ApiException;

  @PUT
  @Path("users/{id}/enabled")
  User setEnabled(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") String id,
      EnabledChange enabled)
      throws ApiException;

  @POST
  @Path("users/{id}/reset-password")
  void resetPassword(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") String id,
      PasswordReset reset)
      throws ApiException;

  @GET
  @Path("users/{id}/sessions")
  List<UserSession> sessions(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id)
      throws ApiException;

  @POST
  @Path("users/{id}/logout")
  void logoutUser(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id)
      throws ApiException;

  @DELETE
  @Path("users/{id}")
  void deleteUser(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id)
      throws ApiException;

  /** The audit trail, newest first; a filter left null is not applied. */
  @GET
  @Path("admin/audit")
  AuditPage audit(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("targetType") String targetType,
      @QueryParam("targetId") String targetId,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("first") int first,
      @QueryParam("max") int max)
      throws ApiException;

  @GET
  @Path("admin/audit/actions")
  List<String> auditActions(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer)
      throws ApiException;

  @GET
  @Path("admin/instances")
  InstancesReport instances(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @QueryParam("history") boolean history)
      throws ApiException;

  @GET
  @Path("admin/caches")
  List<CacheReport> caches(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer)
      throws ApiException;

  @DELETE
  @Path("admin/caches/{name}")
  void clearCache(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("name") String name)
      throws ApiException;

  @GET
  @Path("admin/rate-limit-policies")
  List<Policy> rateLimitPolicies(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer)
      throws ApiException;

  @POST
  @Path("admin/rate-limit-policies")
  Policy createRateLimitPolicy(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, PolicySpec policy) throws ApiException;

  @PUT
  @Path("admin/rate-limit-policies/{id}")
  Policy updateRateLimitPolicy(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") long id,
      PolicySpec policy)
      throws ApiException;

  @DELETE
  @Path("admin/rate-limit-policies/{id}")
  void deleteRateLimitPolicy(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") long id)
      throws ApiException;

  @GET
  @Path("admin/rate-limits/usage")
  UsageReport rateLimitUsage(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer)
      throws ApiException;

  @GET
  @Path("admin/collections")
  List<Collection> collections(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer)
      throws ApiException;

  @POST
  @Path("admin/collections")
  Collection createCollection(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, CollectionSpec collection)
      throws ApiException;

  /** Changes a collection if it is still at the version read ({@code If-Match}). */
  @PUT
  @Path("admin/collections/{name}")
  Collection updateCollection(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("name") String name,
      @HeaderParam(HttpHeaders.IF_MATCH) String version,
      CollectionSpec collection)
      throws ApiException;

  @DELETE
  @Path("admin/collections/{name}")
  void deleteCollection(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("name") String name)
      throws ApiException;

  /** A page of records: items, next (the cursor of the next page) and, when asked, total. */
  @GET
  @Path("collections/{name}/records")
  JsonObject records(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("name") String name,
      @QueryParam("filter") String filter,
      @QueryParam("sort") String sort,
      @QueryParam("after") String after,
      @QueryParam("fields") String fields,
      @QueryParam("limit") Integer limit,
      @QueryParam("total") boolean total)
      throws ApiException;

  @POST
  @Path("collections/{name}/records")
  JsonObject createRecord(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("name") String name,
      JsonObject values)
      throws ApiException;

  /** Replaces a record's values if it is still at the version read ({@code If-Match}). */
  @PUT
  @Path("collections/{name}/records/{id}")
  JsonObject replaceRecord(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("name") String name,
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String version,
      JsonObject values)
      throws ApiException;

  @DELETE
  @Path("collections/{name}/records/{id}")
  void deleteRecord(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("name") String name,
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String version)
      throws ApiException;

  @GET
  @Path("admin/jobs")
  JobPage jobs(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @QueryParam("state") String state,
      @QueryParam("type") String type,
      @QueryParam("first") int first,
      @QueryParam("max") int max)
      throws ApiException;

  @GET
  @Path("admin/jobs/types")
  List<String> jobTypes(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) throws ApiException;

  @GET
  @Path("admin/jobs/{id}")
  Job job(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id)
      throws ApiException;

  @POST
  @Path("admin/jobs/{id}/retry")
  Job retryJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id)
      throws ApiException;

  @POST
  @Path("admin/jobs/{id}/cancel")
  Job cancelJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id)
      throws ApiException;

  @GET
  @Path("admin/jobs/{id}/files/{name}")
  @Produces(MediaType.WILDCARD)
  InputStream jobFile(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") String id,
      @PathParam("name") String name)
      throws ApiException;

  @GET
  @Path("admin/webhooks")
  List<Webhook> webhooks(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) throws ApiException;

  @POST
  @Path("admin/webhooks")
  Webhook createWebhook(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, WebhookSpec spec)
      throws ApiException;

  @PUT
  @Path("admin/webhooks/{id}")
  Webhook updateWebhook(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") String id,
      WebhookSpec spec)
      throws ApiException;

  @DELETE
  @Path("admin/webhooks/{id}")
  void deleteWebhook(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id)
      throws ApiException;

  @GET
  @Path("admin/webhooks/{id}/deliveries")
  List<WebhookDelivery> webhookDeliveries(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") String id,
      @QueryParam("max") int max)
      throws ApiException;

  @POST
  @Path("admin/webhooks/{id}/deliveries/{message}/redeliver")
  Job redeliverWebhookMessage(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("id") String id,
      @PathParam("message") String message)
      throws ApiException;

  @GET
  @Path("admin/routes")
  List<Route> routes(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) throws ApiException;

  @GET
  @Path("admin/route-status")
  List<RouteStatus> routeStatus(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer)
      throws ApiException;

  @POST
  @Path("admin/routes")
  Route createRoute(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, RouteSpec spec)
      throws ApiException;

  @PUT
  @Path("admin/routes/{name}")
  Route updateRoute(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
      @PathParam("name") String name,
      RouteSpec spec)
      throws ApiException;

  @DELETE
  @Path("admin/routes/{name}")
  void deleteRoute(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("name") String name)
      throws ApiException;
}
