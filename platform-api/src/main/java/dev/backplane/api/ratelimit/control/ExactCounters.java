package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.ratelimit.control.Admission.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;

/**
 * Counters updated at their key's primary owner ({@link Admit}, run under the key's lock): the
 * cluster never admits more than a quota.
 *
 * <p>A partition's requests on this instance are coalesced: while one update of a key is on its way
 * to the owner, the requests that arrive for that key wait and go together in the next update,
 * which admits as many of them as there is room for. A hot key thus costs one round trip at a time
 * per instance, not one per request queued behind the owner's lock.
 *
 * <p>Once the owner has refused a partition, this instance knows it is used up until the time the
 * refusal named, and refuses it on its own until then without asking again: refusing early is safe,
 * only admitting beyond the quota is not. A caller flooding a used-up partition thus costs no round
 * trips, and callers of other partitions do not queue behind its requests.
 */
@ApplicationScoped
public class ExactCounters implements Counters {

  static final String CACHE = "rate-limit-counters";

  @Inject CacheContainer container;

  /** At most this many used-up partitions are remembered (beyond, the owner is asked). */
  static final int MAX_REFUSALS = 100_000;

  private final Map<String, Batch> batches = new ConcurrentHashMap<>();
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
  private volatile Cache<String, Counter> cache;

  /**
   * A partition the owner refused: used up until {@code untilMillis} under this limit (a new quota
   * asks the owner again at once), whole again at {@code resetMillis} (wall clock).
   */
  private record Refusal(Admission.Limit limit, long untilMillis, long resetMillis) {
    Outcome outcome(long now) {
      return new Outcome(false, 0, Math.max(0, resetMillis - now), untilMillis - now);
    }
  }

  /** A request waiting for its key's next update. */
  private record Waiting(long cost, CompletableFuture<Outcome> outcome) {}

  /** The requests of one key waiting while an update is in flight. */
  private static final class Batch {
    final List<Waiting> waiting = new ArrayList<>();
    boolean inFlight;
    boolean closed;
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
    var request = new Waiting(cost, new CompletableFuture<>());
    while (true) {
      var batch = batches.computeIfAbsent(key, k -> new Batch());
      boolean send;
      synchronized (batch) {
        if (batch.closed) {
          continue; // emptied and dropped just now: take the key's new batch
        }
        batch.waiting.add(request);
        send = !batch.inFlight;
        batch.inFlight = true;
      }
      if (send) {
        sendNext(policy, key, batch);
      }
      return request.outcome();
    }
  }

  /** Sends everything waiting for the key as one update; when it answers, the next. */
  private void sendNext(ActivePolicy policy, String key, Batch batch) {
    List<Waiting> sending;
    synchronized (batch) {
      if (batch.waiting.isEmpty()) {
        batch.inFlight = false;
        batch.closed = true;
        batches.remove(key, batch);
        return;
      }
      sending = List.copyOf(batch.waiting);
      batch.waiting.clear();
    }
    long cost = sending.stream().mapToLong(Waiting::cost).sum();
    // the owner decides after this: a refusal's times counted from here end early, never late
    long sent = System.currentTimeMillis();
    CompletionStage<Counter> update;
    try {
      update =
          cache()
              .computeAsync(
                  key,
                  Admit.of(policy.limit(), cost),
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
            share(policy, counter, sending)
                .ifPresent(refused -> remember(policy, key, refused, sent));
          }
          sendNext(policy, key, batch);
        });
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
            policy.limit(), sent + refused.retryAfterMillis(), sent + refused.resetMillis()));
  }

  /**
   * The units the owner granted go to the waiting requests in their order of arrival, each seeing
   * the quota left after it; the rest are refused.
   *
   * @return the outcome of a refused request of one unit, if any was refused
   */
  private static Optional<Outcome> share(
      ActivePolicy policy, Counter counter, List<Waiting> sending) {
    var limit = policy.limit();
    Outcome refusedOne = null;
    long left = counter.granted();
    for (var waiting : sending) {
      if (waiting.cost() <= left) {
        left -= waiting.cost();
        var after = Admission.outcome(limit, counter, waiting.cost());
        waiting
            .outcome()
            .complete(new Outcome(true, after.remaining() + left, after.resetMillis(), 0));
      } else {
        var refused = Admission.outcome(limit, counter.refusing(), waiting.cost());
        waiting.outcome().complete(refused);
        if (waiting.cost() == 1) {
          refusedOne = refused;
        }
      }
    }
    return Optional.ofNullable(refusedOne);
  }
}
