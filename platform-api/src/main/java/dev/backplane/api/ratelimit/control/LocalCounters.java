package dev.backplane.api.ratelimit.control;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counters kept on this instance and reconciled with the cluster's every {@code
 * backplane.rate-limit.local-sync-ms}: a request is decided here without a round trip; every
 * reconciliation adds what this instance admitted to the shared counter ({@link Absorb}) and takes
 * back the sum of every instance's.
 *
 * <p>The price is overshoot. Between two reconciliations each instance admits up to the room it
 * last saw, so N instances can together admit up to N times that room: the cluster's total stays
 * within N × quota per window, and is about quota + (N − 1) × what one instance receives in a
 * reconciliation interval when the room runs out.
 */
@ApplicationScoped
public class LocalCounters implements Counters {

  private static final Logger LOG = Logger.getLogger(LocalCounters.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject ExactCounters shared;
  @Inject RateLimitSettings settings;

  private final Map<String, Local> counters = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> reconciling;

  /** One partition's counter on this instance; updated without locks (a hot key's threads). */
  private static final class Local {
    volatile ActivePolicy policy;
    final AtomicReference<Counter> counter;
    final AtomicLong unshipped = new AtomicLong();
    volatile long usedAt;

    Local(ActivePolicy policy, Counter counter) {
      this.policy = policy;
      this.counter = new AtomicReference<>(counter);
    }
  }

  @Override
  public CompletionStage<Outcome> count(ActivePolicy policy, String key, long cost) {
    var local = counters.get(key);
    if (local == null) {
      // first sight: start from the cluster's count, not from zero
      local = counters.computeIfAbsent(key, k -> new Local(policy, sharedCounter(k)));
      startReconciling();
    }
    long now = System.currentTimeMillis();
    local.policy = policy;
    local.usedAt = now;
    while (true) {
      var before = local.counter.get();
      var after = Admission.admit(policy.limit(), before, now, cost);
      if (local.counter.compareAndSet(before, after)) {
        if (after.admitted()) {
          local.unshipped.addAndGet(cost);
        }
        return CompletableFuture.completedFuture(Admission.outcome(policy.limit(), after, cost));
      }
    }
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
    for (var entry : counters.entrySet()) {
      var local = entry.getValue();
      var policy = local.policy;
      long shipped = local.unshipped.getAndSet(0);
      if (shipped == 0 && now - local.usedAt > policy.lifespanMillis()) {
        counters.remove(entry.getKey(), local);
        continue;
      }
      try {
        var sum =
            shared
                .cache()
                .computeAsync(
                    entry.getKey(),
                    Absorb.of(policy.limit(), shipped),
                    policy.lifespanMillis(),
                    TimeUnit.MILLISECONDS)
                .get(settings.timeoutMillis() * 4, TimeUnit.MILLISECONDS);
        // what was admitted here meanwhile goes on top of the cluster's sum
        while (true) {
          var before = local.counter.get();
          var after =
              Admission.absorb(
                  policy.limit(), sum, System.currentTimeMillis(), local.unshipped.get());
          if (local.counter.compareAndSet(before, after)) {
            break;
          }
        }
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return;
        }
        local.unshipped.addAndGet(shipped);
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
