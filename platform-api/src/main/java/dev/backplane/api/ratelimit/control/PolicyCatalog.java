package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cache.control.CacheContainer;
import dev.backplane.api.ratelimit.entity.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;

/**
 * The enabled policies every request is checked against, read from the database and kept on each
 * instance. A write through any instance stores a new generation in a replicated cache before it
 * answers; every instance reads that generation (its own copy) at most every {@value #CHECK_MILLIS}
 * ms, and reads the policies anew when it differs, requests waiting meanwhile: a change is in force
 * at once on the instance that made it, and within {@value #CHECK_MILLIS} ms plus one database read
 * on the others.
 */
@ApplicationScoped
public class PolicyCatalog {

  private static final Logger LOG = Logger.getLogger(PolicyCatalog.class.getName());
  static final String CACHE = "rate-limit-policies";
  private static final String GENERATION = "generation";

  /** After a failed read, the next try waits this long (the old policies stay in force). */
  private static final long RETRY_MILLIS = 1000;

  /** How often the generation is compared: a cache read per request would cost throughput. */
  static final long CHECK_MILLIS = 200;

  /** The longest a request waits for another one's read of the policies. */
  private static final long LOAD_WAIT_MILLIS = 2000;

  @Inject CacheContainer container;
  @Inject PolicyStore store;

  private final ReentrantLock loading = new ReentrantLock();
  private volatile Snapshot snapshot;
  private volatile long retryAt;
  private volatile Cache<String, Long> generations;
  private volatile long generation;
  private volatile long checkAt;

  /** The policies in force, and the generation they were read in. */
  record Snapshot(long generation, List<ActivePolicy> policies) {}

  /** The enabled policies, as fresh as this instance knows. */
  public List<ActivePolicy> current() {
    var known = snapshot;
    long now = System.nanoTime();
    if (known == null || now - checkAt >= 0) {
      try {
        generation = readGeneration();
        checkAt = now + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
      } catch (RuntimeException e) {
        // the cache is stopping or unreachable: keep what is known
        return known == null ? List.of() : known.policies();
      }
    }
    long current = generation;
    if (known != null && known.generation() == current) {
      return known.policies();
    }
    if (System.currentTimeMillis() < retryAt) {
      return known == null ? List.of() : known.policies();
    }
    // every request waits for the new policies (one reads them): none passes under the old ones
    try {
      if (!loading.tryLock(LOAD_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        return known == null ? List.of() : known.policies();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return known == null ? List.of() : known.policies();
    }
    try {
      var fresh = snapshot;
      if (fresh != null && fresh.generation() == current) {
        return fresh.policies();
      }
      var policies = store.list().stream().filter(Policy::enabled).map(ActivePolicy::of).toList();
      snapshot = new Snapshot(current, policies);
      LOG.fine(() -> "Rate-limit policies in force: " + policies.size());
      return policies;
    } catch (RuntimeException e) {
      retryAt = System.currentTimeMillis() + RETRY_MILLIS;
      LOG.log(Level.WARNING, "Rate-limit policies cannot be read; the known ones stay in force", e);
      return known == null ? List.of() : known.policies();
    } finally {
      loading.unlock();
    }
  }

  /** After a write: every instance reads the policies anew. */
  public void changed() {
    long fresh = ThreadLocalRandom.current().nextLong();
    generations().put(GENERATION, fresh);
    generation = fresh;
    retryAt = 0;
  }

  private long readGeneration() {
    var cache = generations();
    var current = cache.get(GENERATION);
    if (current != null) {
      return current;
    }
    var fresh = ThreadLocalRandom.current().nextLong();
    var raced = cache.putIfAbsent(GENERATION, fresh);
    return raced == null ? fresh : raced;
  }

  private Cache<String, Long> generations() {
    var cache = generations;
    if (cache == null) {
      cache = container.manager().getCache(CACHE);
      generations = cache;
    }
    return cache;
  }
}
