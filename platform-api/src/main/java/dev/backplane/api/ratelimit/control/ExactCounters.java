package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cache.control.CacheContainer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;

/**
 * Counters updated at their key's primary owner, one request at a time ({@link Admit}): the cluster
 * never admits more than a quota, at the cost of a round trip to the owner (none when this instance
 * owns the key).
 */
@ApplicationScoped
public class ExactCounters implements Counters {

  static final String CACHE = "rate-limit-counters";

  @Inject CacheContainer container;

  private volatile Cache<String, Counter> cache;

  Cache<String, Counter> cache() {
    var current = cache;
    if (current == null) {
      current = container.manager().getCache(CACHE);
      cache = current;
    }
    return current;
  }

  @Override
  public CompletionStage<Counter> count(ActivePolicy policy, String key, long cost) {
    return cache()
        .computeAsync(
            key, Admit.of(policy.limit(), cost), policy.lifespanMillis(), TimeUnit.MILLISECONDS);
  }
}
