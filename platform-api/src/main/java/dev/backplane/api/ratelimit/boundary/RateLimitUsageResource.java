package dev.backplane.api.ratelimit.boundary;

import dev.backplane.api.ratelimit.control.RateLimitUsage;
import dev.backplane.api.ratelimit.entity.UsageReport;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/admin/rate-limits/usage}: what every policy allowed and refused across the cluster
 * in the last 15 minutes, and its busiest partitions; for administrators and operators.
 */
@Path("admin/rate-limits")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class RateLimitUsageResource {

  @Inject RateLimitUsage usage;

  @Operation(
      operationId = "getRateLimitUsage",
      summary =
          "Requests counted, refused and the busiest callers per policy over the last minutes")
  @GET
  @Path("usage")
  public UsageReport usage() {
    return usage.report();
  }
}
