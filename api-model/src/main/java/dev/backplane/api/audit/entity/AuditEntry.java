package dev.backplane.api.audit.entity;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * An audit event as the API shows it, with the target before and after as JSON (absent before a
 * creation and after a deletion).
 *
 * @param actorId the actor's token subject (a user's id), absent on entries written before it was
 *     recorded
 * @param targetName the target's name for people (a user's user name, a policy's or a cache's name)
 *     as it was at the time of the event, from the state recorded with it; absent when the event
 *     recorded none
 */
@JsonbPropertyOrder({
  "id",
  "occurredAt",
  "actor",
  "actorId",
  "action",
  "targetType",
  "targetId",
  "targetName",
  "before",
  "after",
  "requestId",
  "instanceId"
})
public record AuditEntry(
    long id,
    Instant occurredAt,
    String actor,
    String actorId,
    String action,
    String targetType,
    String targetId,
    String targetName,
    JsonValue before,
    JsonValue after,
    String requestId,
    String instanceId) {}
