package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cache.control.CacheContainer;
import dev.backplane.api.ratelimit.control.Admission.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
@ApplicationScoped
public class ExactCounters implements Counters {

  static final String CACHE = "rate-limit-counters";

  @Inject CacheContainer container;

  private final Map<String, Batch> batches = new ConcurrentHashMap<>();
  private volatile Cache<String, Counter> cache;

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
            share(policy, counter, sending);
          }
          sendNext(policy, key, batch);
        });
  }

  /**
   * The units the owner granted go to the waiting requests in their order of arrival, each seeing
   * the quota left after it; the rest are refused.
   */
  private static void share(ActivePolicy policy, Counter counter, List<Waiting> sending) {
    var limit = policy.limit();
    long left = counter.granted();
    for (var waiting : sending) {
      if (waiting.cost() <= left) {
        left -= waiting.cost();
        var after = Admission.outcome(limit, counter, waiting.cost());
        waiting
            .outcome()
            .complete(new Outcome(true, after.remaining() + left, after.resetMillis(), 0));
      } else {
        waiting.outcome().complete(Admission.outcome(limit, counter.refusing(), waiting.cost()));
      }
    }
  }
}
