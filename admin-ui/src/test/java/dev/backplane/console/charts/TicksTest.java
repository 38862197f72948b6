package dev.backplane.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TicksTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0     | 0 0.2 0.4 0.6 0.8 1",
        "0.9   | 0 0.2 0.4 0.6 0.8 1",
        "1     | 0 0.2 0.4 0.6 0.8 1",
        "3     | 0 1 2 3",
        "7     | 0 2 4 6 8",
        "100   | 0 20 40 60 80 100",
        "9300  | 0 2,000 4,000 6,000 8,000 10,000",
        "0.013 | 0 0.005 0.01 0.015"
      })
  void labelsAreRoundDistinctAndReachTheHighestValue(double highest, String expected) {
    var ticks = Ticks.upTo(highest);
    var labels = ticks.values().stream().map(ticks::label).toList();
    assertThat(String.join(" ", labels)).isEqualTo(expected);
    assertThat(labels).doesNotHaveDuplicates();
    assertThat(ticks.max()).isGreaterThanOrEqualTo(highest);
  }

  @Test
  void theSvgKeepsItsViewBoxAndSaysWhenThereIsNoData() {
    var to = Instant.parse("2026-11-30T12:15:00Z");
    var svg =
        LineChart.svg(
            List.of(new LineChart.Series("a", List.of())),
            to.minusSeconds(900),
            to,
            LineChart.Axis.of("req/s"));
    assertThat(svg).contains("viewBox=\"0 0 ").contains("No data in this window yet");
    assertThat(svg).contains(">12:05<").contains(">12:10<").contains("time (UTC)");
  }

  @Test
  void aSeriesNameCannotBreakTheSvg() {
    var to = Instant.parse("2026-11-30T12:15:00Z");
    var svg =
        LineChart.svg(
            List.of(
                new LineChart.Series(
                    "<script>x</script>", List.of(new LineChart.Point(to.minusSeconds(30), 5)))),
            to.minusSeconds(900),
            to,
            LineChart.Axis.of("MB"));
    assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;x");
  }
}
