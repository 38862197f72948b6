package dev.backplane.api.instance.boundary;

import dev.backplane.api.instance.control.InstanceRegistry;
import dev.backplane.api.instance.entity.InstanceStatus;
import dev.backplane.api.instance.entity.InstancesReport;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/admin/instances}: every instance of the cluster with its latest heartbeat and the
 * cluster view; with {@code ?history=true}, or for one instance, the heartbeats of the last 15
 * minutes too. Administrators and operators.
 */
@Path("admin/instances")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class InstancesResource {

  @Inject InstanceRegistry registry;

  @Operation(
      operationId = "listInstances",
      summary =
          "List the cluster's instances with their latest heartbeat, optionally their last 15 minutes")
  @GET
  public InstancesReport all(@QueryParam("history") boolean history) {
    return registry.report(history);
  }

  @Operation(
      operationId = "getInstance",
      summary = "Get one instance's latest heartbeat and history")
  @GET
  @Path("{id}")
  public InstanceStatus one(@PathParam("id") String id) {
    return registry
        .one(id)
        .orElseThrow(() -> new NotFoundException("There is no instance named " + id + "."));
  }
}
