package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Outcome;
import java.util.concurrent.CompletionStage;

/**
 * Where a policy's partitions are counted: {@link ExactCounters} (at the key's owner, for the whole
 * cluster) or {@link LocalCounters} (on this instance, reconciled with the cluster periodically).
 */
interface Counters {

  /** Counts a request of {@code cost} units against the partition's counter {@code key}. */
  CompletionStage<Outcome> count(ActivePolicy policy, String key, long cost);
}
