package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Outcome;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One partition's counter on this instance and the units it admitted that the cluster has not seen
 * yet, changed together by compare-and-set (no lock for a hot key's threads): a reconciliation
 * never loses or double-counts a request admitted while it runs.
 */
final class LocalPartition {

  private record State(Counter counter, Unshipped unshipped) {}

  private final AtomicReference<State> state;
  private volatile ActivePolicy policy;
  private volatile long usedAt;

  /** Starts from the cluster's counter for the partition ({@code null} if it has none). */
  LocalPartition(ActivePolicy policy, Counter cluster, long now) {
    this.policy = policy;
    this.usedAt = now;
    this.state = new AtomicReference<>(new State(cluster, Unshipped.NONE));
  }

  /** Decides a request of {@code cost} units at {@code now} on this instance's counter. */
  Outcome admit(ActivePolicy current, long now, long cost) {
    policy = current;
    usedAt = now;
    var limit = current.limit();
    while (true) {
      var before = state.get();
      var counter = Admission.admit(limit, before.counter(), now, cost);
      var unshipped =
          counter.admitted() ? before.unshipped().plus(limit, cost, now) : before.unshipped();
      if (state.compareAndSet(before, new State(counter, unshipped))) {
        return Admission.outcome(limit, counter, cost);
      }
    }
  }

  /** The units to ship to the cluster now; they are no longer this partition's to ship. */
  Unshipped take() {
    return state.getAndUpdate(s -> new State(s.counter(), Unshipped.NONE)).unshipped();
  }

  /**
   * The cluster's counter after the shipment, which becomes this one's, with what was admitted here
   * meanwhile on top.
   */
  void settle(Counter cluster) {
    var limit = policy.limit();
    state.updateAndGet(s -> new State(s.unshipped().onto(limit, cluster), s.unshipped()));
  }

  /** A shipment that did not reach the cluster: its units are to ship again. */
  void giveBack(Unshipped taken) {
    var limit = policy.limit();
    state.updateAndGet(s -> new State(s.counter(), taken.plus(limit, s.unshipped())));
  }

  Counter counter() {
    return state.get().counter();
  }

  ActivePolicy policy() {
    return policy;
  }

  long usedAt() {
    return usedAt;
  }
}
