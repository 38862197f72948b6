package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.ratelimit.entity.Policy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;

/**
 * The enabled policies every request is checked against, read from the database and kept on each
 * instance. A write stores a new generation in a replicated cache whose synchronous listener on
 * every instance counts a notice before the write answers; a request that sees a new notice reads
 * the generation and, when it changed, the policies: a change is in force everywhere once answered.
 * An instance that cannot be told within {@value #NOTICE_WAIT_MILLIS} ms does not fail the write;
 * every instance also compares the generation every {@value #CHECK_MILLIS} ms and reads the
 * policies every {@value #REREAD_MILLIS} ms, notice or not. Reads run on a thread of their own: the
 * periodic one never holds a request, and a request that waits for a new generation waits at most
 * {@value #LOAD_WAIT_MILLIS} ms; while the database does not answer, the last policies read stay in
 * force.
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
  static final long LOAD_WAIT_MILLIS = 2000;

  /** The longest a write waits for every instance to take its notice (the bound: 2 s). */
  private static final long NOTICE_WAIT_MILLIS = 2000;

  /** Each instance reads the policies anew this often, notice or not (one lost to a partition). */
  private static final long REREAD_MILLIS = 30_000;

  private static final long REREAD_NANOS = TimeUnit.MILLISECONDS.toNanos(REREAD_MILLIS);

  @Inject CacheContainer container;
  @Inject PolicyStore store;
  @Resource ManagedThreadFactory threads;

  /** One thread reads the policies: reads never overlap, and no request waits on the database. */
  private ExecutorService reader;

  private final AtomicReference<Read> reading = new AtomicReference<>();
  private final AtomicLong notices = new AtomicLong();
  private final AtomicReference<Check> check = new AtomicReference<>();
  private volatile Snapshot snapshot;
  private volatile long retryAt;
  private volatile boolean unreadable;
  private volatile Cache<String, Long> generations;

  /** A read of the policies of one generation, under way or done, begun at startedAt (nanos). */
  record Read(long generation, CompletableFuture<List<ActivePolicy>> policies, long startedAt) {}

  @PostConstruct
  void startReader() {
    reader = Executors.newSingleThreadExecutor(threads);
  }

  @PreDestroy
  void stopReader() {
    reader.shutdownNow();
  }

  /** The policies in force, the generation they were read in, and when (System.nanoTime). */
  record Snapshot(long generation, List<ActivePolicy> policies, long readAt) {}

  /**
   * The generation read after the watcher's {@code notice}-th notice, good until {@code nextAt}
   * (System.nanoTime) unless another notice comes.
   */
  record Check(long generation, long notice, long nextAt) {}

  /** The enabled policies, as fresh as this instance knows. */
  public List<ActivePolicy> current() {
    var known = snapshot;
    long now = System.nanoTime();
    long current;
    try {
      current = generation(now);
    } catch (RuntimeException e) {
      // the cache is stopping or unreachable: keep what is known
      return policies(known);
    }
    if (known != null && known.generation() == current) {
      if (now - known.readAt() >= REREAD_NANOS && System.currentTimeMillis() >= retryAt) {
        read(current); // in the background: requests go on under the known policies meanwhile
      }
      return known.policies();
    }
    if (System.currentTimeMillis() < retryAt) {
      return policies(known);
    }
    // a new generation: every request waits for the new policies (one read serves them all), so
    // none passes under the old ones, but no longer than LOAD_WAIT_MILLIS
    return await(read(current), known);
  }

  /**
   * After a write: every instance reads the policies anew, on its next request once this returns
   * (each instance's watcher has been told by then). An instance that cannot be told within {@value
   * #NOTICE_WAIT_MILLIS} ms (stopped, or cut off) does not fail the write, which is stored: it is
   * told when the notice reaches it, or reads the policies anew within {@value #REREAD_MILLIS} ms.
   */
  public void changed() {
    retryAt = 0;
    long fresh = ThreadLocalRandom.current().nextLong();
    try {
      generations().putAsync(GENERATION, fresh).get(NOTICE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      LOG.warning(
          () ->
              "A rate-limit policy change is stored, but not every instance took the notice within "
                  + NOTICE_WAIT_MILLIS
                  + " ms ("
                  + e
                  + "); they read the policies anew when it reaches them, within "
                  + REREAD_MILLIS / 1000
                  + " s at the latest");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // in force here before the write answers, whatever the others said
    var known = snapshot;
    var read = read(fresh);
    await(read, known);
    if (!read.policies().isDone() && known != null) {
      // a slow read: requests here wait for it as for any new generation
      snapshot = new Snapshot(~fresh, known.policies(), known.readAt());
    }
  }

  /**
   * The policies of a generation, read on the reader thread; a read of that generation under way is
   * joined, so that a thousand requests seeing a new generation cause one read.
   */
  private Read read(long generation) {
    while (true) {
      var underWay = reading.get();
      if (underWay != null
          && underWay.generation() == generation
          && !underWay.policies().isDone()) {
        return underWay;
      }
      var fresh = new Read(generation, new CompletableFuture<>(), System.nanoTime());
      if (reading.compareAndSet(underWay, fresh)) {
        try {
          reader.execute(() -> fresh.policies().complete(load(generation)));
        } catch (RejectedExecutionException stopping) {
          fresh.policies().complete(policies(snapshot));
        }
        return fresh;
      }
    }
  }

  /**
   * The policies of the read once done, or the known ones if it takes longer than {@value
   * #LOAD_WAIT_MILLIS} ms from its start: requests that come while a slow read is under way (a
   * frozen database) do not each wait that long again.
   */
  private static List<ActivePolicy> await(Read read, Snapshot known) {
    long left =
        TimeUnit.MILLISECONDS.toNanos(LOAD_WAIT_MILLIS) - (System.nanoTime() - read.startedAt());
    try {
      return left <= 0
          ? read.policies().getNow(policies(known))
          : read.policies().get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return policies(known);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return policies(known);
    }
  }

  private long generation(long now) {
    var checked = check.get();
    // the notice is read before the generation: a check's generation is as new as its notice
    long notice = notices.get();
    if (checked != null && checked.notice() == notice && now - checked.nextAt() < 0) {
      return checked.generation();
    }
    var fresh =
        new Check(readGeneration(), notice, now + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS));
    // a slower request that read before a later notice does not put its older read back
    return check
        .accumulateAndGet(
            fresh, (kept, read) -> kept == null || read.notice() >= kept.notice() ? read : kept)
        .generation();
  }

  /** Reads the policies from the database; only ever on the reader thread. */
  private List<ActivePolicy> load(long generation) {
    try {
      var policies = store.list().stream().filter(Policy::enabled).map(ActivePolicy::of).toList();
      snapshot = new Snapshot(generation, policies, System.nanoTime());
      if (unreadable) {
        unreadable = false;
        LOG.info("Rate-limit policies can be read again");
      }
      LOG.fine(() -> "Rate-limit policies in force: " + policies.size());
      return policies;
    } catch (RuntimeException e) {
      retryAt = System.currentTimeMillis() + RETRY_MILLIS;
      // said once per outage, not on every retry
      if (!unreadable) {
        unreadable = true;
        LOG.log(
            Level.WARNING,
            "Rate-limit policies cannot be read; the known ones stay in force, read again every "
                + RETRY_MILLIS
                + " ms",
            e);
      }
      return policies(snapshot);
    }
  }

  private static List<ActivePolicy> policies(Snapshot known) {
    return known == null ? List.of() : known.policies();
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
      synchronized (this) {
        cache = generations;
        if (cache == null) {
          cache = container.manager().getCache(CACHE);
          cache.addListener(new GenerationWatcher());
          generations = cache;
        }
      }
    }
    return cache;
  }

  /**
   * Told of every new generation, on this instance, while the write that stored it waits (a
   * synchronous listener of a synchronously replicated cache): the writer answers only after every
   * instance has counted the notice.
   */
  @Listener(sync = true, observation = Listener.Observation.POST)
  public class GenerationWatcher {
    @CacheEntryCreated
    @CacheEntryModified
    public void written(CacheEntryEvent<String, Long> event) {
      if (GENERATION.equals(event.getKey())) {
        // a write just committed: a read that failed before it is worth trying again at once
        retryAt = 0;
        notices.incrementAndGet();
      }
    }
  }
}
