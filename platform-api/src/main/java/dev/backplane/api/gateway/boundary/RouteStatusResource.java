package dev.backplane.api.gateway.boundary;

import dev.backplane.api.gateway.control.RouteStatistics;
import dev.backplane.api.gateway.entity.RouteStatus;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/admin/route-status}: every route's requests, errors and latency over the last 15
 * minutes across the cluster, and its targets' health and circuits on each instance (a path of its
 * own: under {@code /routes} it would hide a route named "status").
 */
@Path("admin/route-status")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class RouteStatusResource {

  @Inject RouteStatistics statistics;

  @Operation(
      operationId = "routeStatus",
      summary =
          "Every route's traffic over the last 15 minutes across the cluster, and its targets'"
              + " health")
  @GET
  public List<RouteStatus> status() {
    return statistics.report();
  }
}
