package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.ratelimit.control.Decision.Verdict;
import dev.backplane.api.ratelimit.control.RateLimitUsage.Outcome;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides a request against every enabled policy that applies to it: each counts it (exactly or
 * locally, as the policy says), all at once; the request is refused if any quota is exhausted. The
 * counters get {@code backplane.rate-limit.timeout-ms} in all; a policy whose counter has not
 * answered by then applies its failure mode.
 */
@ApplicationScoped
public class RateLimiter {

  private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

  @Inject PolicyCatalog catalog;
  @Inject CacheContainer container;
  @Inject ExactCounters exact;
  @Inject LocalCounters local;
  @Inject RateLimitSettings settings;
  @Inject RateLimitUsage usage;

  /**
   * @param token absent for an anonymous call
   * @param clientAddress the caller's address, behind trusted proxies
   */
  public Decision decide(String method, String path, VerifiedToken token, String clientAddress) {
    if (settings.exempt(path)) {
      return Decision.NONE;
    }
    var applying = new ArrayList<ActivePolicy>();
    for (var policy : catalog.current()) {
      if (policy.appliesTo(method, path, token)) {
        applying.add(policy);
      }
    }
    if (applying.isEmpty()) {
      return Decision.NONE;
    }
    var partitions = new ArrayList<String>(applying.size());
    var pending = new ArrayList<CompletionStage<Admission.Outcome>>(applying.size());
    for (var policy : applying) {
      var partition = policy.partition(token, clientAddress);
      partitions.add(partition);
      pending.add(count(policy, partition));
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
    var verdicts = new ArrayList<Verdict>(applying.size());
    for (int i = 0; i < applying.size(); i++) {
      var policy = applying.get(i);
      var outcome = await(policy, pending.get(i), deadline);
      verdicts.add(new Verdict(policy, outcome));
      usage.record(
          policy,
          partitions.get(i),
          outcome == null
              ? Outcome.UNAVAILABLE
              : outcome.admitted() ? Outcome.ALLOWED : Outcome.REFUSED);
    }
    return new Decision(List.copyOf(verdicts));
  }

  private CompletionStage<Admission.Outcome> count(ActivePolicy policy, String partition) {
    try {
      // one instance alone owns every key: its in-memory counters are exact, and faster
      var counters = policy.local() || !container.clustered() ? local : exact;
      return counters.count(policy, policy.key(partition), 1);
    } catch (RuntimeException e) {
      // the cache is stopped or cannot take the call
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  private static Admission.Outcome await(
      ActivePolicy policy, CompletionStage<Admission.Outcome> pending, long deadline) {
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      return pending.toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (TimeoutException e) {
      warn(policy, "did not answer in time", null);
      return null;
    } catch (Exception e) {
      warn(policy, "failed", e);
      return null;
    }
  }

  /** At most one warning every 10 s: an outage must not flood the log with one per request. */
  private static void warn(ActivePolicy policy, String what, Exception e) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last > TimeUnit.SECONDS.toNanos(10) && lastWarning.compareAndSet(last, now)) {
      LOG.log(
          Level.WARNING,
          "Rate-limit counters "
              + what
              + " for policy "
              + policy.name()
              + "; its failure mode ("
              + (policy.failClosed() ? "closed" : "open")
              + ") applies",
          e);
    }
  }

  private static final AtomicLong lastWarning =
      new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
}
