package dev.backplane.runtime.bench;

import java.time.Duration;
import java.util.Arrays;

/**
 * Latency samples of one run, in nanoseconds, kept whole (a run has at most a few hundred
 * thousand), so percentiles are exact rather than bucketed.
 */
public final class Latencies {

  private long[] samples = new long[1024];
  private int count;

  public synchronized void record(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  public synchronized int count() {
    return count;
  }

  /** The latency below which {@code percent} of the samples lie (nearest-rank method). */
  public synchronized Duration percentile(double percent) {
    if (count == 0) {
      return Duration.ZERO;
    }
    var sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * count);
    return Duration.ofNanos(sorted[Math.max(0, Math.min(count, rank) - 1)]);
  }
}
