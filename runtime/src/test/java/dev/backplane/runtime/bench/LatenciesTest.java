package dev.backplane.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreExactNearestRanks() {
    var latencies = new Latencies();
    for (int i = 100; i >= 1; i--) {
      latencies.record(Duration.ofMillis(i).toNanos());
    }

    assertThat(latencies.count()).isEqualTo(100);
    assertThat(latencies.percentile(50)).isEqualTo(Duration.ofMillis(50));
    assertThat(latencies.percentile(99)).isEqualTo(Duration.ofMillis(99));
    assertThat(latencies.percentile(99.9)).isEqualTo(Duration.ofMillis(100));
    assertThat(latencies.percentile(100)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void noSamplesIsZero() {
    assertThat(new Latencies().percentile(99)).isEqualTo(Duration.ZERO);
  }
}
