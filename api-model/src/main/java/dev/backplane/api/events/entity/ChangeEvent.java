package dev.backplane.api.events.entity;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * A change as the event stream and webhooks carry it.
 *
 * @param stream the topic it belongs to: {@code collections.<name>}, {@code users} or {@code
 *     rate-limit-policies}
 * @param id its position in its stream: each event's is one more than the one before
 * @param type what happened: {@code record.created}, {@code record.updated}, {@code
 *     record.deleted}, {@code user.create}, {@code rate-limit-policy.update}...
 * @param subject the id (or name) of what changed
 * @param data what changed as it is after the change (a record, a user, a policy); a deletion's
 *     holds the id only
 */
@JsonbPropertyOrder({"stream", "id", "type", "subject", "occurredAt", "data"})
public record ChangeEvent(
    String stream, long id, String type, String subject, Instant occurredAt, JsonValue data) {}
