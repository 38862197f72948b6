package dev.backplane.console.api;

import java.time.Instant;
import java.util.List;

/** A rate-limit policy as the API answers it ({@code /api/v1/admin/rate-limit-policies}). */
public record RateLimitPolicy(
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
    Instant updatedAt) {

  /** Which requests a policy counts; an empty list puts no condition. */
  public record AppliesTo(
      List<String> paths,
      List<String> methods,
      List<String> roles,
      List<String> clients,
      String callers) {}

  /** A policy as it is written (POST, PUT). */
  public record Input(
      String name,
      Long quota,
      Long windowSeconds,
      String algorithm,
      String partitionBy,
      String claim,
      AppliesTo appliesTo,
      boolean enabled,
      String mode,
      String failureMode) {}
}
