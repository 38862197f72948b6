package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.entity.Algorithm;

/**
 * The algorithms over one partition's {@link Counter}: whether a request is admitted, and the
 * counter after it. Pure and deterministic: the caller makes the update atomic (in the cluster, at
 * the key's owner) and gives the time, so one clock decides per key.
 */
public final class Admission {

  private Admission() {}

  /** A policy's quota per window, under one algorithm. */
  public record Limit(Algorithm algorithm, long quota, long windowMillis) {
    public Limit {
      if (quota < 1 || windowMillis < 1) {
        throw new IllegalArgumentException("a limit needs a positive quota and window");
      }
    }

    /** How long an idle counter is worth keeping: until it could no longer refuse anything. */
    public long lifespanMillis() {
      return 2 * windowMillis + 1000;
    }
  }

  /**
   * What a decision tells the caller.
   *
   * @param remaining quota units left after it
   * @param resetMillis until the quota is whole again if nothing more comes
   * @param retryAfterMillis until a refused request of the same cost would be admitted (0 when
   *     admitted)
   */
  public record Outcome(
      boolean admitted, long remaining, long resetMillis, long retryAfterMillis) {}

  /** The counter after a request of {@code cost} units at {@code now}; unchanged if refused. */
  public static Counter admit(Limit limit, Counter counter, long now, long cost) {
    return count(limit, counter, now, cost, false);
  }

  /**
   * The counter after a batch of requests worth {@code cost} units: as many units as there is room
   * for are admitted ({@link Counter#granted()}), none if there is no room at all.
   */
  public static Counter admitUpTo(Limit limit, Counter counter, long now, long cost) {
    var current = admit(limit, counter, now, 0);
    long room = outcome(limit, current, 0).remaining();
    return admit(limit, counter, now, room > 0 ? Math.min(cost, room) : cost);
  }

  /**
   * The counter after a batch worth {@code need} units that also asks for up to {@code extra} units
   * more, to be spent later by the asking instance (a lease): the batch gets as many units as there
   * is room for, as {@link #admitUpTo} gives them; the lease at most a {@code share}-th of the room
   * left after it, and none once that room is a quarter of the quota or less: when the quota runs
   * out, the leases held elsewhere hold at most an eighth of it (a quarter, shared by twice the
   * members), and they are spent or given back within their life. All of it is counted now ({@link
   * Counter#granted()}): the units are admitted in this window whenever they are spent, so nothing
   * beyond the quota is ever admitted.
   *
   * <p>A token bucket leases nothing: a token taken now and spent later would let through the
   * refill a full bucket would have lost in between.
   */
  public static Counter lease(
      Limit limit, Counter counter, long now, long need, long extra, long share) {
    var current = admit(limit, counter, now, 0);
    long room = outcome(limit, current, 0).remaining();
    if (room <= 0) {
      return admit(limit, counter, now, need);
    }
    long granted = Math.min(need, room);
    long after = room - granted;
    if (limit.algorithm() != Algorithm.TOKEN_BUCKET && extra > 0 && after > limit.quota() / 4) {
      granted += Math.min(extra, after / Math.max(1, share));
    }
    return admit(limit, counter, now, granted);
  }

  /**
   * How long the units a counter just granted may be spent, from its decision: until its window
   * ends (a lease is counted in the window it was granted in). A token bucket's units at once.
   */
  public static long leaseMillis(Limit limit, Counter counter) {
    return limit.algorithm() == Algorithm.TOKEN_BUCKET
        ? 0
        : Math.max(0, counter.start() + limit.windowMillis() - counter.at());
  }

  /**
   * The counter after {@code units} leased in the window starting at {@code start} came back
   * unspent: taken off that window's count, where it is still counted (the current window, or a
   * sliding window's previous one).
   */
  public static Counter giveBack(Limit limit, Counter counter, long start, long units) {
    if (counter == null || units <= 0 || limit.algorithm() == Algorithm.TOKEN_BUCKET) {
      return counter;
    }
    if (counter.start() == start) {
      return new Counter(
          counter.at(),
          counter.start(),
          Math.max(0, counter.count() - units),
          counter.previous(),
          counter.tokens(),
          counter.admitted(),
          counter.granted());
    }
    if (limit.algorithm() == Algorithm.SLIDING_WINDOW
        && counter.start() == start + limit.windowMillis()) {
      return new Counter(
          counter.at(),
          counter.start(),
          counter.count(),
          Math.max(0, counter.previous() - units),
          counter.tokens(),
          counter.admitted(),
          counter.granted());
    }
    return counter;
  }

  /**
   * The counter after {@code cost} units that were already admitted elsewhere (an instance counting
   * locally, reconciling) at {@code at}: counted even beyond the quota, so the overshoot is seen by
   * everyone, and in the window they were admitted in. Units from a window the counter has left
   * behind count only where that window still weighs (a sliding window's previous one).
   */
  public static Counter absorb(Limit limit, Counter counter, long at, long cost) {
    if (cost == 0) {
      return counter;
    }
    if (counter != null && limit.algorithm() != Algorithm.TOKEN_BUCKET) {
      long start = at - Math.floorMod(at, limit.windowMillis());
      if (counter.start() > start) {
        boolean weighs =
            limit.algorithm() == Algorithm.SLIDING_WINDOW
                && counter.start() == start + limit.windowMillis();
        return weighs
            ? new Counter(
                counter.at(),
                counter.start(),
                counter.count(),
                counter.previous() + cost,
                0,
                true,
                cost)
            : counter;
      }
    }
    var counted = count(limit, counter, at, cost, true);
    if (counter != null && counter.at() > at) {
      // the counter keeps the time of its latest decision
      return new Counter(
          counter.at(),
          counted.start(),
          counted.count(),
          counted.previous(),
          counted.tokens(),
          counted.admitted(),
          counted.granted());
    }
    return counted;
  }

  private static Counter count(Limit limit, Counter counter, long now, long cost, boolean force) {
    return switch (limit.algorithm()) {
      case FIXED_WINDOW -> fixed(limit, counter, now, cost, force);
      case SLIDING_WINDOW -> sliding(limit, counter, now, cost, force);
      case TOKEN_BUCKET -> bucket(limit, counter, now, cost, force);
    };
  }

  /** The outcome of the decision a counter holds, for a request of {@code cost} units. */
  public static Outcome outcome(Limit limit, Counter counter, long cost) {
    return switch (limit.algorithm()) {
      case FIXED_WINDOW -> fixedOutcome(limit, counter, cost);
      case SLIDING_WINDOW -> slidingOutcome(limit, counter, cost);
      case TOKEN_BUCKET -> bucketOutcome(limit, counter, cost);
    };
  }

  private static Counter fixed(Limit limit, Counter counter, long now, long cost, boolean force) {
    long start = windowStart(limit, counter, now);
    long count = counter != null && counter.start() == start ? counter.count() : 0;
    boolean admitted = force || count + cost <= limit.quota();
    return new Counter(
        now, start, admitted ? count + cost : count, 0, 0, admitted, admitted ? cost : 0);
  }

  private static Outcome fixedOutcome(Limit limit, Counter counter, long cost) {
    long reset = counter.start() + limit.windowMillis() - counter.at();
    return new Outcome(
        counter.admitted(),
        Math.max(0, limit.quota() - counter.count()),
        reset,
        counter.admitted() ? 0 : reset);
  }

  private static Counter sliding(Limit limit, Counter counter, long now, long cost, boolean force) {
    long start = windowStart(limit, counter, now);
    long count = 0;
    long previous = 0;
    if (counter != null && counter.start() == start) {
      count = counter.count();
      previous = counter.previous();
    } else if (counter != null && counter.start() == start - limit.windowMillis()) {
      previous = counter.count();
    }
    boolean admitted =
        force || estimate(limit, previous, count, now - start) + cost <= limit.quota() + EPSILON;
    return new Counter(
        now, start, admitted ? count + cost : count, previous, 0, admitted, admitted ? cost : 0);
  }

  private static Outcome slidingOutcome(Limit limit, Counter counter, long cost) {
    long window = limit.windowMillis();
    long elapsed = counter.at() - counter.start();
    double estimate = estimate(limit, counter.previous(), counter.count(), elapsed);
    long reset =
        counter.count() > 0 ? 2 * window - elapsed : counter.previous() > 0 ? window - elapsed : 0;
    long retryAfter = 0;
    if (!counter.admitted()) {
      long room = limit.quota() - counter.count() - cost;
      if (room >= 0 && counter.previous() > 0) {
        // the previous window's weight falls until the estimate leaves room for the request
        retryAfter = coveredWhenAtMost(window, counter.previous(), room) - elapsed;
      } else {
        // in the next window this one's count becomes the previous, decaying from there
        long next = limit.quota() - cost;
        retryAfter =
            window
                - elapsed
                + (counter.count() > next
                    ? coveredWhenAtMost(window, counter.count(), Math.max(0, next))
                    : 0);
      }
      retryAfter = Math.max(1, retryAfter);
    }
    return new Outcome(
        counter.admitted(),
        Math.max(0, (long) Math.floor(limit.quota() - estimate + EPSILON)),
        reset,
        retryAfter);
  }

  /**
   * How far into a window {@code weight × (window − covered) / window ≤ room} first holds: the
   * previous window's weight fades linearly. (Rounded as the estimate is, so the first millisecond
   * it names admits.)
   */
  private static long coveredWhenAtMost(long window, long weight, long room) {
    return window - (long) Math.floor(room * (double) window / weight + 1e-6);
  }

  private static double estimate(Limit limit, long previous, long count, long elapsed) {
    long window = limit.windowMillis();
    long covered = Math.clamp(elapsed, 0, window);
    return previous * ((window - covered) / (double) window) + count;
  }

  private static Counter bucket(Limit limit, Counter counter, long now, long cost, boolean force) {
    double tokens = limit.quota();
    long computed = now;
    if (counter != null) {
      // a clock behind the last decision (another owner after a view change) refills nothing
      long elapsed = Math.max(0, now - counter.start());
      tokens = Math.min(limit.quota(), counter.tokens() + elapsed * rate(limit));
      computed = Math.max(now, counter.start());
    }
    boolean admitted = force || tokens + EPSILON >= cost;
    // a forced count may leave a debt (negative tokens) that the refill pays first
    double left = force ? tokens - cost : admitted ? Math.max(0, tokens - cost) : tokens;
    return new Counter(now, computed, 0, 0, left, admitted, admitted ? cost : 0);
  }

  private static Outcome bucketOutcome(Limit limit, Counter counter, long cost) {
    double rate = rate(limit);
    double tokens = counter.tokens();
    return new Outcome(
        counter.admitted(),
        Math.max(0, (long) Math.floor(tokens + EPSILON)),
        (long) Math.ceil((limit.quota() - tokens) / rate),
        counter.admitted() ? 0 : Math.max(1, (long) Math.ceil((cost - tokens) / rate)));
  }

  /** Tokens per millisecond. */
  private static double rate(Limit limit) {
    return limit.quota() / (double) limit.windowMillis();
  }

  /**
   * Windows start at multiples of their length since the epoch, so every instance agrees on them; a
   * clock behind the counter's window (another owner after a view change) keeps counting in it.
   */
  private static long windowStart(Limit limit, Counter counter, long now) {
    long start = now - Math.floorMod(now, limit.windowMillis());
    return counter != null && counter.start() > start ? counter.start() : start;
  }

  /** Rounding slack for the weighted and refilled counts (far below one quota unit). */
  private static final double EPSILON = 1e-9;
}
