package dev.backplane.api.webhooks.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A registered endpoint as the API shows it.
 *
 * @param secret its signing secret: shown to administrators only
 * @param failingSince when its deliveries began to fail (none while they succeed)
 * @param disabledReason why the platform disabled it, after failing too long
 */
@JsonbPropertyOrder({
  "id",
  "name",
  "url",
  "topics",
  "enabled",
  "secret",
  "failingSince",
  "disabledReason",
  "createdAt",
  "updatedAt"
})
public record Webhook(
    String id,
    String name,
    String url,
    List<String> topics,
    boolean enabled,
    String secret,
    Instant failingSince,
    String disabledReason,
    Instant createdAt,
    Instant updatedAt) {}
