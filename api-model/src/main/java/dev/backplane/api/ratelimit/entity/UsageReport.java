package dev.backplane.api.ratelimit.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The cluster's use of every rate-limit policy over the last 15 minutes (every instance's counts, a
 * few seconds old at most), for {@code GET /api/v1/admin/rate-limits/usage}.
 *
 * @param instances the instances whose counts are included
 */
public record UsageReport(Instant at, List<String> instances, List<PolicyUsage> policies) {

  /**
   * One policy: requests it allowed and refused in the last 15 minutes, per minute (oldest first,
   * every minute present), and its busiest partitions with their counters as they stand.
   */
  @JsonbPropertyOrder({
    "id",
    "name",
    "quota",
    "windowSeconds",
    "mode",
    "enabled",
    "allowed",
    "refused",
    "perMinute",
    "busiest"
  })
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

  @JsonbPropertyOrder({"minute", "allowed", "refused"})
  public record MinuteUsage(Instant minute, long allowed, long refused) {}

  /**
   * @param partition the counter's partition, as the policy partitions requests (a subject, a
   *     client id, an address...)
   * @param name the partition for people: a user's user name (a subject's, from Keycloak), "client
   *     x" (a client, or a client's service account), otherwise the partition itself
   * @param userId the user's id when the partition is a user, to link to it; otherwise absent
   * @param requests requests counted in the last 5 to 10 minutes (approximate: a top-K sketch)
   * @param used quota units used in the current window, from the cluster's counter
   * @param remaining quota units left now
   * @param resetSeconds until the quota is whole again if nothing more comes
   */
  @JsonbPropertyOrder({
    "partition",
    "name",
    "userId",
    "requests",
    "used",
    "remaining",
    "resetSeconds"
  })
  public record PartitionUsage(
      String partition,
      String name,
      String userId,
      long requests,
      long used,
      long remaining,
      long resetSeconds) {}
}
