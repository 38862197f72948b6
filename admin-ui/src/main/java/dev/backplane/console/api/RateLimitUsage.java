package dev.backplane.console.api;

import java.time.Instant;
import java.util.List;

/** The cluster's use of every policy over 15 minutes ({@code /api/v1/admin/rate-limits/usage}). */
public record RateLimitUsage(Instant at, List<String> instances, List<PolicyUsage> policies) {

  public record PolicyUsage(
      long id,
      String name,
      long quota,
      long windowSeconds,
      String mode,
      boolean enabled,
      long allowed,
      long refused,
      List<MinuteUsage> perMinute,
      List<PartitionUsage> busiest) {}

  public record MinuteUsage(Instant minute, long allowed, long refused) {}

  public record PartitionUsage(
      String partition, long requests, long used, long remaining, long resetSeconds) {}
}
