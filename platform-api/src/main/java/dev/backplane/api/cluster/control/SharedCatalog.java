package dev.backplane.api.cluster.control;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;

/**
 * A list every request is checked against (rate-limit policies, routes), read from the database and
 * kept on each instance. A write stores a new generation in a replicated cache whose synchronous
 * listener on every instance counts a notice before the write answers; a request that sees a new
 * notice reads the generation and, when it changed, the list: a change is in force everywhere once
 * answered. An instance that cannot be told within {@value #NOTICE_WAIT_MILLIS} ms does not fail
 * the write; every instance also compares the generation every {@value #CHECK_MILLIS} ms and reads
 * the list every {@value #REREAD_MILLIS} ms, notice or not. Reads run on a thread of their own: the
 * periodic one never holds a request, and a request that waits for a new generation waits at most
 * {@value #LOAD_WAIT_MILLIS} ms; while the database does not answer, the last list read stays in
 * force.
 *
 * <p>The feature names its replicated cache ({@link CachedFeature}), gives the read of the list,
 * and closes the catalog when it stops.
 *
 * @param <T> an entry as requests use it
 */
public final class SharedCatalog<T> implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SharedCatalog.class.getName());
  private static final String GENERATION = "generation";

  /** After a failed read, the next try waits this long (the old entries stay in force). */
  private static final long RETRY_MILLIS = 1000;

  /** How often the generation is compared: a cache read per request would cost throughput. */
  static final long CHECK_MILLIS = 200;

  /** The longest a request waits for another one's read of the entries. */
  static final long LOAD_WAIT_MILLIS = 2000;

  /** The longest a write waits for every instance to take its notice (the bound: 2 s). */
  private static final long NOTICE_WAIT_MILLIS = 2000;

  /** Each instance reads the entries anew this often, notice or not (one lost to a partition). */
  private static final long REREAD_MILLIS = 30_000;

  private static final long REREAD_NANOS = TimeUnit.MILLISECONDS.toNanos(REREAD_MILLIS);

  /** What the list is, for logs: "Rate-limit policies", "Routes". */
  private final String what;

  private final String cacheName;
  private final CacheContainer container;
  private final Supplier<List<T>> load;

  /** One thread reads the list: reads never overlap, and no request waits on the database. */
  private final ExecutorService reader;

  private final AtomicReference<Read<T>> reading = new AtomicReference<>();
  private final AtomicLong notices = new AtomicLong();
  private final AtomicReference<Check> check = new AtomicReference<>();
  private volatile Snapshot<T> snapshot;
  private volatile long retryAt;
  private volatile boolean unreadable;
  private volatile Cache<String, Long> generations;

  /** A read of the list of one generation, under way or done, begun at startedAt (nanos). */
  record Read<T>(long generation, CompletableFuture<List<T>> entries, long startedAt) {}

  /**
   * @param what the list, for logs ("Routes")
   * @param cacheName the replicated cache its generation is kept in
   * @param load reads the list from the database (on the catalog's own thread)
   */
  public SharedCatalog(
      String what,
      String cacheName,
      CacheContainer container,
      ThreadFactory threads,
      Supplier<List<T>> load) {
    this.what = what;
    this.cacheName = cacheName;
    this.container = container;
    this.load = load;
    this.reader = Executors.newSingleThreadExecutor(threads);
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }

  /** The list in force, the generation they were read in, and when (System.nanoTime). */
  record Snapshot<T>(long generation, List<T> entries, long readAt) {}

  /**
   * The generation read after the watcher's {@code notice}-th notice, good until {@code nextAt}
   * (System.nanoTime) unless another notice comes.
   */
  record Check(long generation, long notice, long nextAt) {}

  /** The list, as fresh as this instance knows. */
  public List<T> current() {
    var known = snapshot;
    long now = System.nanoTime();
    long current;
    try {
      current = generation(now);
    } catch (RuntimeException e) {
      // the cache is stopping or unreachable: keep what is known
      return entries(known);
    }
    if (known != null && known.generation() == current) {
      if (now - known.readAt() >= REREAD_NANOS && System.currentTimeMillis() >= retryAt) {
        read(current); // in the background: requests go on under the known entries meanwhile
      }
      return known.entries();
    }
    if (System.currentTimeMillis() < retryAt) {
      return entries(known);
    }
    // a new generation: every request waits for the new entries (one read serves them all), so
    // none passes under the old ones, but no longer than LOAD_WAIT_MILLIS
    return await(read(current), known);
  }

  /**
   * After a write: every instance reads the entries anew, on its next request once this returns
   * (each instance's watcher has been told by then). An instance that cannot be told within {@value
   * #NOTICE_WAIT_MILLIS} ms (stopped, or cut off) does not fail the write, which is stored: it is
   * told when the notice reaches it, or reads the entries anew within {@value #REREAD_MILLIS} ms.
   */
  public void changed() {
    retryAt = 0;
    long fresh = ThreadLocalRandom.current().nextLong();
    try {
      generations().putAsync(GENERATION, fresh).get(NOTICE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      LOG.warning(
          () ->
              what
                  + ": a change is stored, but not every instance took the notice within "
                  + NOTICE_WAIT_MILLIS
                  + " ms ("
                  + e
                  + "); they read the list anew when it reaches them, within "
                  + REREAD_MILLIS / 1000
                  + " s at the latest");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // in force here before the write answers, whatever the others said
    var known = snapshot;
    var read = read(fresh);
    await(read, known);
    if (!read.entries().isDone() && known != null) {
      // a slow read: requests here wait for it as for any new generation
      snapshot = new Snapshot<>(~fresh, known.entries(), known.readAt());
    }
  }

  /**
   * The entries of a generation, read on the reader thread; a read of that generation under way is
   * joined, so that a thousand requests seeing a new generation cause one read.
   */
  private Read<T> read(long generation) {
    while (true) {
      var underWay = reading.get();
      if (underWay != null && underWay.generation() == generation && !underWay.entries().isDone()) {
        return underWay;
      }
      var fresh = new Read<T>(generation, new CompletableFuture<>(), System.nanoTime());
      if (reading.compareAndSet(underWay, fresh)) {
        try {
          reader.execute(() -> fresh.entries().complete(load(generation)));
        } catch (RejectedExecutionException stopping) {
          fresh.entries().complete(entries(snapshot));
        }
        return fresh;
      }
    }
  }

  /**
   * The entries of the read once done, or the known ones if it takes longer than {@value
   * #LOAD_WAIT_MILLIS} ms from its start: requests that come while a slow read is under way (a
   * frozen database) do not each wait that long again.
   */
  private List<T> await(Read<T> read, Snapshot<T> known) {
    long left =
        TimeUnit.MILLISECONDS.toNanos(LOAD_WAIT_MILLIS) - (System.nanoTime() - read.startedAt());
    try {
      return left <= 0
          ? read.entries().getNow(entries(known))
          : read.entries().get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return entries(known);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return entries(known);
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

  /** Reads the entries from the database; only ever on the reader thread. */
  private List<T> load(long generation) {
    try {
      var entries = load.get();
      snapshot = new Snapshot<>(generation, entries, System.nanoTime());
      if (unreadable) {
        unreadable = false;
        LOG.info(what + " can be read again");
      }
      LOG.fine(() -> what + " in force: " + entries.size());
      return entries;
    } catch (RuntimeException e) {
      retryAt = System.currentTimeMillis() + RETRY_MILLIS;
      // said once per outage, not on every retry
      if (!unreadable) {
        unreadable = true;
        LOG.log(
            Level.WARNING,
            what
                + " cannot be read; the known ones stay in force, read again every "
                + RETRY_MILLIS
                + " ms",
            e);
      }
      return entries(snapshot);
    }
  }

  private List<T> entries(Snapshot<T> known) {
    return known == null ? List.of() : known.entries();
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
          cache = container.manager().getCache(cacheName);
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
