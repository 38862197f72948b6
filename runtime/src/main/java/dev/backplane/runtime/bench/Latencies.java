package dev.backplane.runtime.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Latency samples of one run, in an HdrHistogram: any count in constant memory, every percentile
 * within 0.1% of the sample it names.
 */
public final class Latencies {

  private final Histogram histogram = new Histogram(3);

  public synchronized void record(long nanos) {
    histogram.recordValue(Math.max(0, nanos));
  }

  public synchronized int count() {
    return (int) histogram.getTotalCount();
  }

  /** The latency below which {@code percent} of the samples lie. */
  public synchronized Duration percentile(double percent) {
    return histogram.getTotalCount() == 0
        ? Duration.ZERO
        : Duration.ofNanos(histogram.getValueAtPercentile(percent));
  }
}
