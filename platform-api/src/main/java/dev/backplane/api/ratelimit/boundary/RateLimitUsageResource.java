package dev.backplane.api.ratelimit.boundary;

import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.ratelimit.control.RateLimitUsage;
import dev.backplane.api.ratelimit.control.UsageRollup;
import dev.backplane.api.ratelimit.entity.HourlyUsage;
import dev.backplane.api.ratelimit.entity.PolicyRules;
import dev.backplane.api.ratelimit.entity.UsageReport;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/admin/rate-limits/usage}: what every policy allowed and refused across the cluster
 * in the last 15 minutes, and its busiest partitions; {@code .../usage/hours}: the same per hour as
 * the usage roll-up keeps it. For administrators and operators.
 */
@Path("admin/rate-limits")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class RateLimitUsageResource {

  @Inject RateLimitUsage usage;
  @Inject UsageRollup rollup;
  @Inject DatabaseAvailability database;

  @Operation(
      operationId = "getRateLimitUsage",
      summary =
          "Requests counted, refused and the busiest callers per policy over the last minutes")
  @GET
  @Path("usage")
  public UsageReport usage() {
    return usage.report();
  }

  @Operation(
      operationId = "getRateLimitUsageHours",
      summary = "Requests allowed and refused per policy and hour, as the usage roll-up kept them")
  @GET
  @Path("usage/hours")
  public List<HourlyUsage> hours(
      @QueryParam("hours")
          @DefaultValue("24")
          @Min(value = 1, message = "must be 1 to 8,760")
          @Max(value = 8760, message = "must be 1 to 8,760")
          int hours,
      @QueryParam("policy") @Pattern(regexp = PolicyRules.NAME, message = PolicyRules.NAME_MESSAGE)
          String policy) {
    database.require();
    try {
      return rollup.hours(hours, policy);
    } catch (SQLException e) {
      throw database.unavailable(
          "Usage cannot be read now; try again shortly.", new PersistenceException(e));
    }
  }
}
