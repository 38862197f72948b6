package dev.backplane.api.audit.boundary;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.AuditPage;
import dev.backplane.api.audit.entity.AuditQuery;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.entity.FieldViolation;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

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
  @Operation(
      operationId = "listAuditEntries",
      summary = "List the audit trail, newest first, filtered by actor, action, target and time")
  @GET
  public AuditPage find(
      @QueryParam("actor") @Size(max = 255) String actor,
      @QueryParam("action") @Size(max = 255) String action,
      @QueryParam("targetType") @Size(max = 255) String targetType,
      @QueryParam("targetId") @Size(max = 255) String targetId,
      @QueryParam("from") @Pattern(regexp = TIME, message = TIME_MESSAGE) String from,
      @QueryParam("to") @Pattern(regexp = TIME, message = TIME_MESSAGE) String to,
      @QueryParam("first") @DefaultValue("0") @Min(0) int first,
      @QueryParam("max") @DefaultValue("50") @Min(1) @Max(500) int max) {
    var violations = new ArrayList<FieldViolation>();
    var since = instant("from", from, violations);
    var until = instant("to", to, violations);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return trail.find(
        new AuditQuery(actor, action, targetType, targetId, since, until), first, max);
  }

  @Operation(
      operationId = "listAuditActions",
      summary = "List the actions the audit trail holds, for a filter to choose from")
  @GET
  @Path("actions")
  public List<String> actions() {
    return trail.actions();
  }

  /** The instant a parameter names; its shape is checked already, not its values (month 13). */
  private static Instant instant(String field, String text, List<FieldViolation> violations) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      violations.add(new FieldViolation(field, TIME_MESSAGE));
      return null;
    }
  }
}
