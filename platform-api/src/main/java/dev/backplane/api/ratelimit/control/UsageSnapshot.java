package dev.backplane.api.ratelimit.control;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * One instance's recent use of the rate-limit policies, published to the cluster every few seconds
 * ({@link UsageTally}): per policy, the requests allowed and refused per minute over the last 15
 * minutes, and its busiest partitions.
 */
@Proto
public record UsageSnapshot(String instance, long at, List<PolicyCounts> policies) {

  /** One policy's counts on one instance. */
  @Proto
  public record PolicyCounts(long policyId, List<MinuteCounts> minutes, List<PartitionCount> top) {}

  /** Requests in the minute starting at {@code minute} (epoch minutes). */
  @Proto
  public record MinuteCounts(long minute, long allowed, long refused) {}

  /** Requests counted against one partition (an approximate count: a top-K sketch's). */
  @Proto
  public record PartitionCount(String partition, long requests) {}
}
