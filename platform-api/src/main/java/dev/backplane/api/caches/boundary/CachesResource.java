package dev.backplane.api.caches.boundary;

import dev.backplane.api.audit.boundary.Actors;
import dev.backplane.api.caches.control.CacheClearing;
import dev.backplane.api.caches.control.CacheStatisticsReader;
import dev.backplane.api.caches.entity.CacheReport;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/admin/caches}: every cache's statistics for administrators and operators; an
 * administrator may clear one (audited).
 */
@Path("admin/caches")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class CachesResource {

  @Inject CacheStatisticsReader caches;
  @Inject CacheClearing clearing;

  @Operation(
      operationId = "listCaches",
      summary = "List every cache with its statistics on each instance and in total")
  @GET
  public List<CacheReport> all() {
    return caches.all();
  }

  @Operation(operationId = "getCache", summary = "Get one cache's statistics")
  @GET
  @Path("{name}")
  public CacheReport one(@PathParam("name") String name) {
    return caches.one(name).orElseThrow(() -> unknown(name));
  }

  @Operation(
      operationId = "clearCache",
      summary = "Remove every entry of a cache on every instance (audited)")
  @APIResponse(responseCode = "204", description = "Done; nothing to return.")
  @DELETE
  @Path("{name}")
  @RolesAllowed(Roles.ADMIN)
  public Response clear(@PathParam("name") String name, @Context HttpServletRequest request) {
    var before = caches.one(name).orElseThrow(() -> unknown(name));
    clearing.clear(Actors.of(request), before);
    return Response.noContent().build();
  }

  private static NotFoundException unknown(String name) {
    return new NotFoundException("There is no cache named " + name + ".");
  }
}
