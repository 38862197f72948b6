package dev.backplane.api.audit.entity;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * An audit event as the API shows it, with the target before and after as JSON (absent before a
 * creation and after a deletion).
 */
@JsonbPropertyOrder({
  "id",
  "occurredAt",
  "actor",
  "action",
  "targetType",
  "targetId",
  "before",
  "after",
  "requestId",
  "instanceId"
})
public record AuditEntry(
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
