package dev.backplane.api.webhooks.boundary;

import dev.backplane.api.audit.boundary.Actors;
import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.webhooks.control.WebhookStore;
import dev.backplane.api.webhooks.control.Webhooks;
import dev.backplane.api.webhooks.entity.Webhook;
import dev.backplane.api.webhooks.entity.WebhookDelivery;
import dev.backplane.api.webhooks.entity.WebhookSpec;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/admin/webhooks}: endpoints that receive events, signed as Standard Webhooks say;
 * administrators register, change and delete them and deliver a message again (audited); operators
 * read them, without their secrets, and their delivery logs.
 */
@Path("admin/webhooks")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class WebhooksResource {

  private static final String ID = "[0-9a-f-]{36}";
  private static final String ID_MESSAGE = "must be a webhook's id";

  @Inject Webhooks webhooks;
  @Inject WebhookStore store;
  @Context HttpServletRequest request;

  private boolean administrator() {
    var token = BearerTokenFilter.token(request);
    return token != null && token.groups().contains(Roles.ADMIN);
  }

  @Operation(operationId = "listWebhooks", summary = "List the webhooks, by name")
  @GET
  public List<Webhook> list() {
    return webhooks.list(administrator());
  }

  @Operation(operationId = "getWebhook", summary = "One webhook (its secret for administrators)")
  @GET
  @Path("{id}")
  public Webhook get(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
    return webhooks.get(id, administrator());
  }

  @Operation(
      operationId = "createWebhook",
      summary = "Register a webhook (audited); its secret is made when none is given")
  @POST
  @RolesAllowed(Roles.ADMIN)
  public Response create(@Valid @NotNull WebhookSpec spec, @Context UriInfo uri) {
    var created = webhooks.create(Actors.of(request), spec);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
        .entity(created)
        .build();
  }

  @Operation(
      operationId = "changeWebhook",
      summary = "Change a webhook (audited); enabling it again forgets its failures")
  @PUT
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  public Webhook change(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @Valid @NotNull WebhookSpec spec) {
    return webhooks.update(Actors.of(request), id, spec);
  }

  @Operation(operationId = "deleteWebhook", summary = "Delete a webhook and its log (audited)")
  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  public Response delete(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
    webhooks.delete(Actors.of(request), id);
    return Response.noContent().build();
  }

  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "A webhook's delivery log, newest first: each attempt's status and duration")
  @GET
  @Path("{id}/deliveries")
  public List<WebhookDelivery> deliveries(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @QueryParam("max") @DefaultValue("100") @Min(1) @Max(500) int max) {
    webhooks.get(id, false);
    return store.deliveries(id, max);
  }

  @Operation(
      operationId = "redeliverWebhookMessage",
      summary = "Deliver a message again, with the same webhook-id, as a new job (audited)")
  @POST
  @Path("{id}/deliveries/{message}/redeliver")
  @RolesAllowed(Roles.ADMIN)
  public Response redeliver(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @PathParam("message")
          @Pattern(regexp = "msg_[0-9a-f]{32}", message = "must be a message's id")
          String message,
      @Context UriInfo uri) {
    Job job = webhooks.redeliver(Actors.of(request), id, message);
    return Response.accepted(job)
        .location(uri.getBaseUriBuilder().path("admin/jobs").path(job.id()).build())
        .build();
  }
}
