package dev.backplane.api.gateway.boundary;

import dev.backplane.api.audit.boundary.Actors;
import dev.backplane.api.gateway.control.RouteCatalog;
import dev.backplane.api.gateway.control.Routes;
import dev.backplane.api.gateway.entity.Route;
import dev.backplane.api.gateway.entity.RouteSpec;
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
 * {@code /api/v1/admin/routes}: the gateway's routes. Administrators write them (audited),
 * operators read them; a change is in force on every instance once the write has answered.
 */
@Path("admin/routes")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class RoutesResource {

  @Inject Routes routes;
  @Inject RouteCatalog catalog;

  @Operation(operationId = "listRoutes", summary = "List the gateway's routes")
  @GET
  public List<Route> list() {
    return routes.list();
  }

  @Operation(operationId = "getRoute", summary = "Get one route")
  @GET
  @Path("{name}")
  public Route get(@PathParam("name") String name) {
    return routes.get(name);
  }

  @Operation(
      operationId = "createRoute",
      summary = "Create a route, in force on every instance when this answers (audited)")
  @APIResponse(
      responseCode = "201",
      description = "Created; Location is its address.",
      content = @Content(schema = @Schema(implementation = Route.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @POST
  @RolesAllowed(Roles.ADMIN)
  public Response create(
      @Valid @NotNull RouteSpec spec, @Context HttpServletRequest request, @Context UriInfo uri) {
    var created = routes.create(Actors.of(request), spec);
    catalog.changed();
    return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build())
        .entity(created)
        .build();
  }

  @Operation(
      operationId = "updateRoute",
      summary = "Replace a route, in force on every instance when this answers (audited)")
  @APIResponse(
      responseCode = "200",
      description = "The changed route.",
      content = @Content(schema = @Schema(implementation = Route.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @PUT
  @Path("{name}")
  @RolesAllowed(Roles.ADMIN)
  public Route update(
      @PathParam("name") String name,
      @Valid @NotNull RouteSpec spec,
      @Context HttpServletRequest request) {
    var updated = routes.update(Actors.of(request), name, spec);
    catalog.changed();
    return updated;
  }

  @Operation(operationId = "deleteRoute", summary = "Delete a route (audited)")
  @APIResponse(responseCode = "204", description = "Done; nothing to return.")
  @DELETE
  @Path("{name}")
  @RolesAllowed(Roles.ADMIN)
  public Response delete(@PathParam("name") String name, @Context HttpServletRequest request) {
    routes.delete(Actors.of(request), name);
    catalog.changed();
    return Response.noContent().build();
  }
}
