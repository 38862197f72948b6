package dev.backplane.api.audit.boundary;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.AuditPage;
import dev.backplane.api.audit.entity.AuditQuery;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** {@code /api/v1/admin/audit}: the audit trail, newest first, for administrators and operators. */
@Path("admin/audit")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class AuditResource {

  private static final String TIME =
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})";
  private static final String TIME_MESSAGE =
      "must be an ISO-8601 instant with its offset, e.g. 2026-11-26T09:00:00Z";

  @Inject AuditTrail trail;

  /**
   * @param from events at or after this instant
   * @param to events before this instant
   */
  @GET
  public AuditPage find(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("targetType") String targetType,
      @QueryParam("targetId") String targetId,
      @QueryParam("from") @Pattern(regexp = TIME, message = TIME_MESSAGE) String from,
      @QueryParam("to") @Pattern(regexp = TIME, message = TIME_MESSAGE) String to,
      @QueryParam("first") @DefaultValue("0") @Min(0) int first,
      @QueryParam("max") @DefaultValue("50") @Min(1) @Max(500) int max) {
    var query = new AuditQuery(actor, action, targetType, targetId, instant(from), instant(to));
    return trail.find(query, first, max);
  }

  private static Instant instant(String text) {
    return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
  }
}
