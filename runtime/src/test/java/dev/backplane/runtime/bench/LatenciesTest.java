package dev.backplane.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreTheNearestRanksWithinAThousandth() {
    var latencies = new Latencies();
    for (int i = 100; i >= 1; i--) {
      latencies.record(Duration.ofMillis(i).toNanos());
    }

    assertThat(latencies.count()).isEqualTo(100);
    assertThat(millis(latencies.percentile(50))).isCloseTo(50, within(0.05));
    assertThat(millis(latencies.percentile(99))).isCloseTo(99, within(0.1));
    assertThat(millis(latencies.percentile(99.9))).isCloseTo(100, within(0.1));
    assertThat(millis(latencies.percentile(100))).isCloseTo(100, within(0.1));
  }

  @Test
  void noSamplesIsZero() {
    assertThat(new Latencies().percentile(99)).isEqualTo(Duration.ZERO);
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1e6;
  }
}
