package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.control.Admission.Outcome;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;

/**
 * Counters updated at their key's primary owner ({@link Admit}, run under the key's lock): the
 * cluster never admits more than a quota.
 *
 * <p><b>Leases.</b> Asking the owner (and its backup) for every request, or every batch, held a hot
 * partition's requests in a queue per instance: three instances kept 0.35 of their throughput
 * without rate limiting, and queued for seconds at half of it (BENCHMARKS.md). So with each update
 * this instance also asks for a lease: units the owner counts at once, which this instance then
 * spends on its own, without a round trip. A lease is what this instance spends on the partition in
 * {@link #LEASE_AHEAD_MILLIS} at its rate since it last asked (a quiet partition gets none), and at
 * most the share the owner gives ({@link Admission#lease}). The next one is asked for when half of
 * the last is spent, so request threads rarely wait. A lease is spent in the window it was granted
 * in and within {@link #LEASE_MILLIS}; what is left then is given back ({@link ReturnedLease}).
 * Every unit is counted at the owner before it is spent, so nothing beyond the quota is admitted,
 * on any number of instances; an instance that leaves or dies takes its unspent units with it
 * (counted, never spent).
 *
 * <p><b>Coalescing.</b> Requests that no lease covers wait together for the next update, which
 * admits as many of them as there is room for: a partition costs one round trip at a time per
 * instance, never one per request.
 *
 * <p><b>Refusals.</b> Once the owner has refused a partition, this instance knows it is used up
 * until the time the refusal named, and refuses it on its own until then, but for {@link
 * #LEASE_MILLIS} at most, without asking again: refusing early is safe, only admitting beyond the
 * quota is not. A caller flooding a used-up partition thus costs one round trip per second and
 * instance, and units another instance held on lease when this one was refused are admitted here
 * once given back.
 */
@ApplicationScoped
public class ExactCounters implements Counters {

  private static final Logger LOG = Logger.getLogger(ExactCounters.class.getName());

  static final String CACHE = "rate-limit-counters";

  /** How long a lease may be spent, and a refusal remembered. */
  static final long LEASE_MILLIS = 1_000;

  /**
   * A lease holds this long of the partition's traffic here: far longer than a round trip, so that
   * the next lease, asked for at half, is in before this one runs out, and short enough that the
   * units it strands when the traffic stops are few. (Twice what was spent since the last update
   * kept leases a few round trips long: at half load on three instances, p99 647 ms.)
   */
  static final long LEASE_AHEAD_MILLIS = 200;

  /** At most this many used-up partitions are remembered (beyond, the owner is asked). */
  static final int MAX_REFUSALS = 100_000;

  @Inject CacheContainer container;

  private final Map<String, Partition> partitions = new ConcurrentHashMap<>();
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
  private volatile Cache<String, Counter> cache;

  /**
   * A partition the owner refused: refused here until {@code untilMillis} under this limit (a new
   * quota asks the owner again at once); a request admitted again from {@code retryAtMillis}, the
   * quota whole again at {@code resetMillis} (wall clock).
   */
  private record Refusal(Limit limit, long untilMillis, long retryAtMillis, long resetMillis) {
    Outcome outcome(long now) {
      return new Outcome(
          false, 0, Math.max(0, resetMillis - now), Math.max(1, retryAtMillis - now));
    }
  }

  /** A request waiting for its partition's next update. */
  private record Waiting(long cost, CompletableFuture<Outcome> outcome) {}

  /** A request decided, its outcome to be told once the partition's lock is released. */
  private record Decided(Waiting request, Outcome outcome) {
    void tell() {
      request.outcome().complete(outcome);
    }
  }

  /** A unit spent from a lease, and whether it is time to ask for the next. */
  private record Spent(Outcome outcome, boolean askAhead) {}

  /**
   * Units of a lease not spent in time, to give back to the counter of the window {@code start}.
   */
  private record Unspent(long start, long units) {}

  /**
   * Units the owner granted this instance, counted there already. Spent without a lock (a request
   * thread holding the partition's lock on a busy instance was descheduled while the others queued
   * behind it: JFR counted 300 waits of 10 to 128 ms on it in 30 s, see BENCHMARKS.md).
   *
   * @param roomAfter what the owner had left after granting them (the quota's later units)
   * @param start the start of the window they count in (the owner's clock)
   * @param expiresNanos when they may no longer be spent (this instance's clock)
   * @param resetAtMillis when the quota would be whole again (wall clock, for the headers)
   */
  private static final class Lease {
    /** What {@link #left} is set to once drained: far below what any undone take brings back. */
    private static final long DRAINED = Long.MIN_VALUE / 4;

    final AtomicLong left;
    final long size;
    final long roomAfter;
    final long start;
    final long expiresNanos;
    final long resetAtMillis;
    final AtomicBoolean askedAhead = new AtomicBoolean();

    Lease(long size, long roomAfter, long start, long expiresNanos, long resetAtMillis) {
      this.left = new AtomicLong(size);
      this.size = size;
      this.roomAfter = roomAfter;
      this.start = start;
      this.expiresNanos = expiresNanos;
      this.resetAtMillis = resetAtMillis;
    }

    /** Takes {@code cost} units; what is left after, or -1 if the lease does not hold as many. */
    long take(long cost) {
      long after = left.addAndGet(-cost);
      if (after >= 0) {
        return after;
      }
      left.addAndGet(cost);
      return -1;
    }

    /** Takes every unit left, for good: a take after this fails. */
    long drain() {
      return Math.max(0, left.getAndSet(DRAINED));
    }

    long held() {
      return Math.max(0, left.get());
    }

    /** The outcome of a unit taken, leaving {@code after}: its place in the quota's count-down. */
    Outcome outcome(long after, long nowMillis) {
      return new Outcome(true, roomAfter + after, Math.max(0, resetAtMillis - nowMillis), 0);
    }
  }

  /**
   * One partition on this instance under one limit: its leases, oldest first, and the requests
   * waiting for the owner. Guarded by itself, but for {@link #trySpend} (the oldest lease, {@link
   * #head}, spent without the lock) and what it counts ({@link #spent}).
   */
  private static final class Partition {
    final Limit limit;
    final ArrayDeque<Lease> leases = new ArrayDeque<>();
    final List<Waiting> waiting = new ArrayList<>();
    volatile Lease head;
    final LongAdder spent = new LongAdder();

    /** Units of leases past their life, to give back outside the lock. */
    final List<Unspent> expired = new ArrayList<>();

    long askedNanos;
    boolean asked;

    /** The size of the last lease granted. */
    long leased;

    boolean inFlight;
    boolean sweeping;
    boolean closed;

    Partition(Limit limit) {
      this.limit = limit;
    }

    /**
     * Spends from the oldest lease without the lock; null if it does not hold enough now. The
     * caller that leaves it half spent is told to ask for the next ({@link Spent#askAhead}).
     */
    Spent trySpend(Limit asked, long cost) {
      var lease = head;
      if (lease == null || !limit.equals(asked)) {
        return null;
      }
      long after = lease.take(cost);
      if (after < 0) {
        return null;
      }
      if (System.nanoTime() - lease.expiresNanos >= 0) {
        // past its life: the lock's path gives it back
        lease.left.addAndGet(cost);
        return null;
      }
      spent.add(cost);
      boolean askAhead = after * 2 <= lease.size && lease.askedAhead.compareAndSet(false, true);
      return new Spent(lease.outcome(after, System.currentTimeMillis()), askAhead);
    }

    /** Spends {@code cost} units of a lease, oldest first; null if none holds as many. */
    Outcome spend(long cost, long nowNanos, long nowMillis) {
      expire(nowNanos);
      Outcome outcome = null;
      for (var lease : leases) {
        long after = lease.take(cost);
        if (after >= 0) {
          spent.add(cost);
          outcome = lease.outcome(after, nowMillis);
          break;
        }
      }
      leases.removeIf(lease -> lease.held() == 0);
      head = leases.peekFirst();
      return outcome;
    }

    void expire(long nowNanos) {
      boolean removed =
          leases.removeIf(
              lease -> {
                if (nowNanos - lease.expiresNanos < 0) {
                  return false;
                }
                long units = lease.drain();
                if (units > 0) {
                  expired.add(new Unspent(lease.start, units));
                }
                return true;
              });
      if (removed) {
        head = leases.peekFirst();
      }
    }

    void add(Lease lease) {
      leases.addLast(lease);
      head = leases.peekFirst();
    }

    /** Every unit the leases hold, taken for good (the instance is leaving). */
    List<Unspent> drainAll() {
      var drained = new ArrayList<Unspent>(takeExpired());
      for (var lease : leases) {
        long units = lease.drain();
        if (units > 0) {
          drained.add(new Unspent(lease.start, units));
        }
      }
      leases.clear();
      head = null;
      return drained;
    }

    List<Unspent> takeExpired() {
      if (expired.isEmpty()) {
        return List.of();
      }
      var taken = List.copyOf(expired);
      expired.clear();
      return taken;
    }

    long held() {
      long held = 0;
      for (var lease : leases) {
        held += lease.held();
      }
      return held;
    }

    /** Whether half of the last lease is spent: time to ask for the next. */
    boolean low() {
      return leased > 0 && held() * 2 <= leased;
    }

    /**
     * The lease to ask for: what this instance spends on the partition in {@link
     * #LEASE_AHEAD_MILLIS}, at its rate since the last update ({@code spentSince} units).
     */
    long wanted(long nowNanos, long spentSince) {
      if (!asked) {
        return 0;
      }
      long elapsed = Math.max(nowNanos - askedNanos, TimeUnit.MILLISECONDS.toNanos(1));
      return spentSince * TimeUnit.MILLISECONDS.toNanos(LEASE_AHEAD_MILLIS) / elapsed;
    }

    /** Serves waiting requests from the leases, in their order of arrival, while they hold. */
    void serveWaiting(List<Decided> decided) {
      long nowNanos = System.nanoTime();
      long nowMillis = System.currentTimeMillis();
      while (!waiting.isEmpty()) {
        var first = waiting.getFirst();
        var outcome = spend(first.cost(), nowNanos, nowMillis);
        if (outcome == null) {
          return;
        }
        waiting.removeFirst();
        decided.add(new Decided(first, outcome));
      }
    }
  }

  /** Counters in the given cache (a test's cluster, without CDI). */
  static ExactCounters on(Cache<String, Counter> cache) {
    var counters = new ExactCounters();
    counters.cache = cache;
    return counters;
  }

  Cache<String, Counter> cache() {
    var current = cache;
    if (current == null) {
      current = container.manager().getCache(CACHE);
      cache = current;
    }
    return current;
  }

  @Override
  public CompletionStage<Outcome> count(ActivePolicy policy, String key, long cost) {
    var refusal = refusals.get(key);
    if (refusal != null) {
      long now = System.currentTimeMillis();
      if (now < refusal.untilMillis() && refusal.limit().equals(policy.limit())) {
        return CompletableFuture.completedFuture(refusal.outcome(now));
      }
      refusals.remove(key, refusal);
    }
    var known = partitions.get(key);
    if (known != null) {
      var spent = known.trySpend(policy.limit(), cost);
      if (spent != null) {
        if (spent.askAhead()) {
          askAhead(policy, key, known);
        }
        return CompletableFuture.completedFuture(spent.outcome());
      }
    }
    while (true) {
      var partition = partitions.computeIfAbsent(key, k -> new Partition(policy.limit()));
      Outcome spent;
      Waiting request = null;
      boolean send;
      synchronized (partition) {
        if (partition.closed) {
          continue; // emptied and dropped just now: take the key's new partition
        }
        if (!partition.limit.equals(policy.limit())) {
          // the policy changed: what this instance holds was leased under the old limit (counted,
          // so dropping it is safe); requests already waiting are still decided
          partition.closed = true;
          partitions.remove(key, partition);
          continue;
        }
        spent =
            partition.waiting.isEmpty()
                ? partition.spend(cost, System.nanoTime(), System.currentTimeMillis())
                : null;
        if (spent == null) {
          request = new Waiting(cost, new CompletableFuture<>());
          partition.waiting.add(request);
        }
        send = !partition.inFlight && (spent == null || partition.low());
        partition.inFlight |= send;
      }
      if (send) {
        sendNext(policy, key, partition);
      }
      return spent != null ? CompletableFuture.completedFuture(spent) : request.outcome();
    }
  }

  /** Asks for the next lease, unless an update is on its way (its answer asks if need be). */
  private void askAhead(ActivePolicy policy, String key, Partition partition) {
    boolean send;
    synchronized (partition) {
      send = !partition.inFlight && !partition.closed && partition.low();
      partition.inFlight |= send;
    }
    if (send) {
      sendNext(policy, key, partition);
    }
  }

  /**
   * Sends everything waiting for the partition as one update, with the lease to ask for; when it
   * answers, the next, until nothing waits and the leases hold enough.
   */
  private void sendNext(ActivePolicy policy, String key, Partition partition) {
    List<Waiting> sending;
    List<Unspent> unspent;
    long spentSince;
    long need = 0;
    long extra;
    long sentNanos = System.nanoTime();
    synchronized (partition) {
      partition.expire(sentNanos);
      unspent = partition.takeExpired();
      sending = List.copyOf(partition.waiting);
      partition.waiting.clear();
      for (var waiting : sending) {
        need += waiting.cost();
      }
      spentSince = partition.spent.sum();
      extra = need > 0 || partition.low() ? partition.wanted(sentNanos, spentSince) : 0;
      if (need == 0 && extra == 0) {
        partition.inFlight = false;
      } else {
        partition.spent.add(-spentSince);
        partition.asked = true;
        partition.askedNanos = sentNanos;
      }
    }
    giveBack(policy.limit(), key, unspent);
    if (need == 0 && extra == 0) {
      // kept a while, with the rate it knows: a client calling one request after another gets
      // leases too
      sweepLater(policy, key, partition);
      return;
    }
    // the owner decides after this: times counted from here end early, never late
    long sentMillis = System.currentTimeMillis();
    CompletionStage<Counter> update;
    try {
      update =
          cache()
              .computeAsync(
                  key,
                  Admit.lease(policy.limit(), need, extra, 2L * members()),
                  policy.lifespanMillis(),
                  TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      update = CompletableFuture.failedFuture(e);
    }
    update.whenComplete(
        (counter, failure) -> {
          if (failure != null) {
            sending.forEach(w -> w.outcome().completeExceptionally(failure));
          } else {
            granted(policy, key, partition, counter, sending, sentNanos, sentMillis);
          }
          sendNext(policy, key, partition);
        });
  }

  /**
   * The units the owner granted go to the requests sent, in their order of arrival, each seeing the
   * quota left after it; the rest are refused. What is left over is a lease, from which the
   * requests that arrived meanwhile are served first.
   */
  private void granted(
      ActivePolicy policy,
      String key,
      Partition partition,
      Counter counter,
      List<Waiting> sending,
      long sentNanos,
      long sentMillis) {
    var limit = policy.limit();
    var decided = new ArrayList<Decided>(sending.size());
    Outcome refusedOne = null;
    long left = counter.granted();
    var after = Admission.outcome(limit, counter, 1);
    for (var waiting : sending) {
      if (waiting.cost() <= left) {
        left -= waiting.cost();
        decided.add(
            new Decided(
                waiting, new Outcome(true, after.remaining() + left, after.resetMillis(), 0)));
      } else {
        var refused = Admission.outcome(limit, counter.refusing(), waiting.cost());
        decided.add(new Decided(waiting, refused));
        if (waiting.cost() == 1) {
          refusedOne = refused;
        }
      }
    }
    long life = Math.min(LEASE_MILLIS, Admission.leaseMillis(limit, counter));
    synchronized (partition) {
      partition.spent.add(counter.granted() - left);
      if (left > 0) {
        partition.add(
            new Lease(
                left,
                after.remaining(),
                counter.start(),
                sentNanos + TimeUnit.MILLISECONDS.toNanos(life),
                sentMillis + after.resetMillis()));
        partition.leased = left;
      }
      partition.serveWaiting(decided);
    }
    decided.forEach(Decided::tell);
    if (refusedOne != null) {
      remember(policy, key, refusedOne, sentMillis);
    }
    if (left > 0) {
      sweepLater(policy, key, partition);
    }
  }

  /**
   * Sweeps the partition in {@link #LEASE_MILLIS} (once per partition at a time): its leases past
   * their life are given back, if this instance has not spent them by then, and the partition is
   * dropped once it is idle and was last asked for a lease that long ago.
   */
  private void sweepLater(ActivePolicy policy, String key, Partition partition) {
    synchronized (partition) {
      if (partition.sweeping || partition.closed) {
        return;
      }
      partition.sweeping = true;
    }
    CompletableFuture.delayedExecutor(LEASE_MILLIS + 1, TimeUnit.MILLISECONDS, Runnable::run)
        .execute(() -> sweep(policy, key, partition));
  }

  private void sweep(ActivePolicy policy, String key, Partition partition) {
    List<Unspent> unspent;
    boolean again;
    synchronized (partition) {
      partition.sweeping = false;
      long now = System.nanoTime();
      partition.expire(now);
      unspent = partition.takeExpired();
      boolean quiet = now - partition.askedNanos >= TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS);
      if (partition.leases.isEmpty()
          && partition.waiting.isEmpty()
          && !partition.inFlight
          && quiet) {
        partition.closed = true;
        partitions.remove(key, partition);
      }
      again = !partition.closed;
    }
    giveBack(policy.limit(), key, unspent);
    if (again) {
      sweepLater(policy, key, partition);
    }
  }

  /** Gives the units back to the counter's owner; done when the owner has them (or failed). */
  private CompletableFuture<Void> giveBack(Limit limit, String key, List<Unspent> unspent) {
    var given = new ArrayList<CompletableFuture<Counter>>(unspent.size());
    for (var lease : unspent) {
      try {
        given.add(
            cache()
                .computeAsync(
                    key,
                    ReturnedLease.of(limit, lease.start(), lease.units()),
                    limit.lifespanMillis(),
                    TimeUnit.MILLISECONDS)
                .whenComplete(
                    (counter, failure) -> {
                      if (failure != null) {
                        LOG.log(
                            Level.FINE, failure, () -> "A lease not given back (counted, unspent)");
                      }
                    }));
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, e, () -> "A lease not given back (counted, unspent)");
      }
    }
    return CompletableFuture.allOf(given.toArray(CompletableFuture[]::new));
  }

  /** The members counting: a lease is at most a share of the room left among twice as many. */
  private int members() {
    var members = cache().getCacheManager().getMembers();
    return members == null ? 1 : Math.max(1, members.size());
  }

  /** Remembers that the owner refused the partition, until the refusal's retry time. */
  private void remember(ActivePolicy policy, String key, Outcome refused, long sent) {
    if (refused.retryAfterMillis() <= 0) {
      return;
    }
    if (refusals.size() >= MAX_REFUSALS) {
      long now = System.currentTimeMillis();
      refusals.values().removeIf(refusal -> refusal.untilMillis() <= now);
      if (refusals.size() >= MAX_REFUSALS) {
        return;
      }
    }
    refusals.put(
        key,
        new Refusal(
            policy.limit(),
            sent + Math.min(LEASE_MILLIS, refused.retryAfterMillis()),
            sent + refused.retryAfterMillis(),
            sent + refused.resetMillis()));
  }

  /** An instance leaving gives back what it holds, for the others to admit. */
  @PreDestroy
  void leave() {
    var given = new ArrayList<CompletableFuture<Void>>();
    partitions.forEach(
        (key, partition) -> {
          List<Unspent> held;
          synchronized (partition) {
            held = partition.drainAll();
          }
          given.add(giveBack(partition.limit, key, held));
        });
    try {
      // before the cluster is left: the owners must have them, or they are lost (counted, unspent)
      CompletableFuture.allOf(given.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.FINE, e, () -> "Leases not all given back before leaving");
    }
  }
}
