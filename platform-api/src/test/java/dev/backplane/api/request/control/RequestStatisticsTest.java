package dev.backplane.api.request.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestStatisticsTest {

  private final RequestStatistics statistics = new RequestStatistics();

  @Test
  void p95AndErrorRateOfOneWindowThenAFreshOne() {
    // 95 fast requests (2 ms), 5 slow ones (300 ms, failed)
    IntStream.range(0, 95).forEach(i -> request(2, 200));
    IntStream.range(0, 5).forEach(i -> request(300, 503));
    statistics.started(); // a health probe: counted in flight, not measured
    statistics.ended(TimeUnit.MILLISECONDS.toNanos(1), 200, false);
    statistics.started(); // still running

    var window = statistics.takeWindow();

    assertThat(window.p95Millis()).isBetween(2.0, 2.0 * 1.25);
    assertThat(window.errorRate()).isCloseTo(0.05, within(1e-9));
    assertThat(window.requestsPerSecond()).isPositive();
    assertThat(statistics.inFlight()).isEqualTo(1);
    assertThat(statistics.takeWindow()).isEqualTo(new RequestStatistics.Window(0, 0, 0));
  }

  @Test
  void theSlowTailShowsInTheP95() {
    IntStream.range(0, 90).forEach(i -> request(1, 200));
    IntStream.range(0, 10).forEach(i -> request(800, 200));

    assertThat(statistics.takeWindow().p95Millis()).isBetween(800.0, 800.0 * 1.25);
  }

  private void request(long millis, int status) {
    statistics.started();
    statistics.ended(TimeUnit.MILLISECONDS.toNanos(millis), status, true);
  }
}
