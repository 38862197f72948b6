package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;

/**
 * Quota units an instance admitted on its own that the cluster's counter has not seen yet, kept by
 * the window they were admitted in: the latest window's, and the one before it (a reconciliation
 * may come after a window's edge, and those units belong to the window that ended).
 *
 * @param cost units admitted in the latest window
 * @param at when the latest of them was admitted
 * @param earlierCost units admitted in an earlier window
 * @param earlierAt when the latest of those was admitted
 */
public record Unshipped(long cost, long at, long earlierCost, long earlierAt) {

  static final Unshipped NONE = new Unshipped(0, 0, 0, 0);

  boolean isEmpty() {
    return cost == 0 && earlierCost == 0;
  }

  /** With {@code units} more, admitted at {@code when}. */
  Unshipped plus(Limit limit, long units, long when) {
    if (units == 0) {
      return this;
    }
    if (cost == 0) {
      return new Unshipped(units, when, earlierCost, earlierAt);
    }
    long window = window(limit, when);
    long latest = window(limit, at);
    if (window == latest) {
      return new Unshipped(cost + units, Math.max(at, when), earlierCost, earlierAt);
    }
    if (window > latest) {
      // a new window: the latest one's units become the earlier ones (older ones no longer weigh)
      return new Unshipped(units, when, cost, at);
    }
    if (earlierCost == 0 || window == window(limit, earlierAt)) {
      return new Unshipped(cost, at, earlierCost + units, Math.max(earlierAt, when));
    }
    return this;
  }

  /** With another's units added (the older first). */
  Unshipped plus(Limit limit, Unshipped other) {
    return plus(limit, other.earlierCost, other.earlierAt).plus(limit, other.cost, other.at);
  }

  /** A counter with these units counted into it, each in its window. */
  Counter onto(Limit limit, Counter counter) {
    return Admission.absorb(
        limit, Admission.absorb(limit, counter, earlierAt, earlierCost), at, cost);
  }

  /** The window a time falls in; a token bucket has no windows, so one for all. */
  private static long window(Limit limit, long when) {
    return limit.algorithm() == Algorithm.TOKEN_BUCKET
        ? 0
        : Math.floorDiv(when, limit.windowMillis());
  }
}
