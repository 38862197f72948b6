package dev.backplane.console.api;

import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;

/** A page of the audit trail, newest first (GET /api/v1/admin/audit). */
public record AuditPage(List<Entry> items, long total, int first, int max) {

  /** One audited change; before and after are the target as JSON, when there is one. */
  public record Entry(
      long id,
      Instant occurredAt,
      String actor,
      String action,
      String targetType,
      String targetId,
      JsonValue before,
      JsonValue after,
      String requestId,
      String instanceId) {}
}
