package dev.backplane.runtime.bench;

import java.time.Duration;

/**
 * How long a benchmark measures. Quick is a smoke check of about a minute per scenario; full gives
 * figures worth writing down, and runs the 10-minute memory (leak) check.
 *
 * @param warmup load on each endpoint before anything is measured, for the JIT to compile the hot
 *     paths
 * @param rounds how many times the baseline and the candidate are measured, alternately
 * @param slice how long each measurement lasts
 * @param soak how long the memory check runs at half load (zero: skipped)
 */
public record BenchMode(String name, Duration warmup, int rounds, Duration slice, Duration soak) {

  public static final BenchMode QUICK =
      new BenchMode("quick", Duration.ofSeconds(10), 2, Duration.ofSeconds(5), Duration.ZERO);
  public static final BenchMode FULL =
      new BenchMode(
          "full", Duration.ofSeconds(60), 5, Duration.ofSeconds(15), Duration.ofMinutes(10));
}
