package dev.backplane.api.ratelimit.boundary;

import dev.backplane.api.audit.boundary.Actors;
import dev.backplane.api.ratelimit.control.PolicyCatalog;
import dev.backplane.api.ratelimit.control.PolicyStore;
import dev.backplane.api.ratelimit.control.RateLimitUsage;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.ratelimit.entity.PolicySpec;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/admin/rate-limit-policies}: administrators write them (audited), operators read
 * them. A change is in force on every instance once the write has answered.
 */
@Path("admin/rate-limit-policies")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class RateLimitPoliciesResource {

  @Inject PolicyStore store;
  @Inject PolicyCatalog catalog;
  @Inject RateLimitUsage usage;

  @Operation(operationId = "listRateLimitPolicies", summary = "List the rate-limit policies")
  @GET
  public List<Policy> list() {
    return store.list();
  }

  @Operation(operationId = "getRateLimitPolicy", summary = "Get one rate-limit policy")
  @GET
  @Path("{id}")
  public Policy get(@PathParam("id") long id) {
    return store.get(id);
  }

  @Operation(
      operationId = "createRateLimitPolicy",
      summary =
          "Create a rate-limit policy, in force on every instance when this answers (audited)")
  @APIResponse(
      responseCode = "201",
      description = "Created; Location is its address.",
      content = @Content(schema = @Schema(implementation = Policy.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @POST
  @RolesAllowed(Roles.ADMIN)
  public Response create(
      @Valid @NotNull PolicySpec spec, @Context HttpServletRequest request, @Context UriInfo uri) {
    var created = store.create(Actors.of(request), spec);
    catalog.changed();
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
        .entity(created)
        .build();
  }

  @Operation(
      operationId = "updateRateLimitPolicy",
      summary =
          "Replace a rate-limit policy, in force on every instance when this answers (audited)")
  @APIResponse(
      responseCode = "200",
      description = "The changed policy.",
      content = @Content(schema = @Schema(implementation = Policy.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @PUT
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  public Policy update(
      @PathParam("id") long id,
      @Valid @NotNull PolicySpec spec,
      @Context HttpServletRequest request) {
    var updated = store.update(Actors.of(request), id, spec);
    catalog.changed();
    return updated;
  }

  @Operation(
      operationId = "deleteRateLimitPolicy",
      summary = "Delete a rate-limit policy (audited)")
  @APIResponse(responseCode = "204", description = "Done; nothing to return.")
  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  public Response delete(@PathParam("id") long id, @Context HttpServletRequest request) {
    var deleted = store.get(id);
    store.delete(Actors.of(request), id);
    catalog.changed();
    usage.forget(deleted);
    return Response.noContent().build();
  }
}
