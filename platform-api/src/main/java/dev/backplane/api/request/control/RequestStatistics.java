package dev.backplane.api.request.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The API requests of this instance: how many are in flight now, and per heartbeat interval how
 * many ended, how many of those failed (5xx) and their 95th percentile latency. Latencies go into
 * buckets growing by a quarter (0.1 ms to about a minute), so the percentile is within 25% and
 * recording one costs two atomic increments.
 */
@ApplicationScoped
public class RequestStatistics {

  private static final double SMALLEST_MILLIS = 0.1;
  private static final double GROWTH = 1.25;
  private static final int BUCKETS = 60;
  private static final double LOG_GROWTH = Math.log(GROWTH);

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLongArray latencies = new AtomicLongArray(BUCKETS);
  private final AtomicLong errors = new AtomicLong();
  private long windowStart = System.nanoTime();

  /** One interval's figures. */
  public record Window(double requestsPerSecond, double errorRate, double p95Millis) {}

  public void started() {
    inFlight.incrementAndGet();
  }

  /** A request started with {@link #started()} ended; {@code measured} false for probes. */
  public void ended(long nanos, int status, boolean measured) {
    inFlight.decrementAndGet();
    if (measured) {
      latencies.incrementAndGet(bucket(nanos / 1e6));
      if (status >= 500) {
        errors.incrementAndGet();
      }
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** The figures since the previous call, which starts a new interval. */
  public synchronized Window takeWindow() {
    long now = System.nanoTime();
    double seconds = Math.max((now - windowStart) / 1e9, 1e-3);
    windowStart = now;
    var counts = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] = latencies.getAndSet(i, 0);
      total += counts[i];
    }
    long failed = errors.getAndSet(0);
    if (total == 0) {
      return new Window(0, 0, 0);
    }
    long rank = (long) Math.ceil(total * 0.95);
    long seen = 0;
    int bucket = 0;
    while (bucket < BUCKETS - 1 && (seen += counts[bucket]) < rank) {
      bucket++;
    }
    return new Window(total / seconds, (double) failed / total, upperBound(bucket));
  }

  static int bucket(double millis) {
    if (millis <= SMALLEST_MILLIS) {
      return 0;
    }
    int bucket = (int) Math.ceil(Math.log(millis / SMALLEST_MILLIS) / LOG_GROWTH);
    return Math.min(bucket, BUCKETS - 1);
  }

  static double upperBound(int bucket) {
    return SMALLEST_MILLIS * Math.pow(GROWTH, bucket);
  }
}
