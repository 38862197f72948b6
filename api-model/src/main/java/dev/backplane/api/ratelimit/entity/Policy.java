package dev.backplane.api.ratelimit.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A stored rate-limit policy, as the API answers it. See {@link PolicySpec} for the fields. */
@JsonbPropertyOrder({
  "id",
  "name",
  "quota",
  "windowSeconds",
  "algorithm",
  "partitionBy",
  "claim",
  "appliesTo",
  "enabled",
  "mode",
  "failureMode",
  "updatedAt"
})
public record Policy(
    long id,
    String name,
    long quota,
    long windowSeconds,
    String algorithm,
    String partitionBy,
    String claim,
    AppliesTo appliesTo,
    boolean enabled,
    String mode,
    String failureMode,
    Instant updatedAt) {}
