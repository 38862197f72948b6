package dev.backplane.api.ratelimit.control;

import java.util.concurrent.CompletionStage;

/**
 * Where a policy's partitions are counted: {@link ExactCounters} (every request at the key's owner)
 * or {@link LocalCounters} (on this instance, reconciled with the cluster periodically).
 */
interface Counters {

  /** Counts a request of {@code cost} units; the counter after it holds the decision. */
  CompletionStage<Counter> count(ActivePolicy policy, String key, long cost);
}
