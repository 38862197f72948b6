package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.ratelimit.control.Admission.Outcome;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counters kept on this instance and reconciled with the cluster's every {@code
 * backplane.rate-limit.local-sync-ms}: a request is decided here without a round trip; every
 * reconciliation adds what this instance admitted to the shared counter ({@link Absorb}) and takes
 * back the sum of every instance's.
 *
 * <p>On an instance without a cluster, {@code exact} policies are counted here too: the instance is
 * the only one deciding, so its compare-and-set on the counter is the atomic update at the key's
 * owner and nothing is admitted beyond the quota; there is nothing to reconcile, only counters
 * unused for their lifespan to drop. At most {@link #MAX_PARTITIONS} partitions are counted here;
 * new ones beyond are counted in the cache, exactly.
 *
 * <p>In a cluster, the price is overshoot. Between two reconciliations each instance admits up to
 * the room it last saw, so N instances can together admit up to N times that room: the cluster's
 * total stays within N × quota per window, and is about quota + (N − 1) × what one instance
 * receives in a reconciliation interval when the room runs out.
 */
@ApplicationScoped
public class LocalCounters implements Counters {

  private static final Logger LOG = Logger.getLogger(LocalCounters.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject ExactCounters shared;
  @Inject CacheContainer container;
  @Inject RateLimitSettings settings;

  /**
   * Partitions counted here at most; beyond, new ones are counted exactly (memory stays bounded).
   */
  static final int MAX_PARTITIONS = 100_000;

  private final Map<String, LocalPartition> counters = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> reconciling;

  @Override
  public CompletionStage<Outcome> count(ActivePolicy policy, String key, long cost) {
    var local = counters.get(key);
    if (local == null && counters.size() >= MAX_PARTITIONS) {
      return shared.count(policy, key, cost);
    }
    if (local == null) {
      // first sight: start from the cluster's count, not from zero
      local =
          counters.computeIfAbsent(
              key, k -> new LocalPartition(policy, sharedCounter(k), System.currentTimeMillis()));
      startReconciling();
    }
    return CompletableFuture.completedFuture(local.admit(policy, System.currentTimeMillis(), cost));
  }

  /** This instance's copy of a partition's counter, if it counts that partition. */
  Counter peek(String key) {
    var local = counters.get(key);
    return local == null ? null : local.counter();
  }

  private Counter sharedCounter(String key) {
    try {
      return shared.cache().getAsync(key).get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return null;
    }
  }

  private synchronized void startReconciling() {
    if (reconciling == null) {
      long every = settings.localSyncMillis();
      reconciling =
          scheduler.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Ships what each counter admitted since the last time, and takes the cluster's sum back. */
  void reconcile() {
    long now = System.currentTimeMillis();
    boolean alone = !container.clustered();
    for (var entry : counters.entrySet()) {
      var local = entry.getValue();
      var policy = local.policy();
      // a counter unused for its lifespan no longer weighs on any decision
      boolean unused = now - local.usedAt() > policy.lifespanMillis();
      if (alone) {
        // this instance's counters are the only ones: nothing to ship or take back
        if (unused) {
          counters.remove(entry.getKey(), local);
        }
        continue;
      }
      var taken = local.take();
      if (taken.isEmpty() && unused) {
        counters.remove(entry.getKey(), local);
        continue;
      }
      try {
        var sum =
            shared
                .cache()
                .computeAsync(
                    entry.getKey(),
                    Absorb.of(policy.limit(), taken),
                    policy.lifespanMillis(),
                    TimeUnit.MILLISECONDS)
                .get(settings.timeoutMillis() * 4, TimeUnit.MILLISECONDS);
        local.settle(sum);
      } catch (Exception e) {
        local.giveBack(taken);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return;
        }
        LOG.log(Level.FINE, e, () -> "Local rate-limit counters not reconciled now");
      }
    }
  }

  @PreDestroy
  void stop() {
    var running = reconciling;
    if (running != null) {
      running.cancel(false);
    }
  }
}
