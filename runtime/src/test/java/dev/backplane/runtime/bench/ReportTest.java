package dev.backplane.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  @Test
  void aRunReplacesOnlyTheSectionsItMeasuredAndKeepsTheFindings() throws Exception {
    var file = dir.resolve("BENCHMARKS.md");
    Files.writeString(
        file,
        "# Benchmarks\n\nIntro.\n\n"
            + Report.begin("api")
            + "\nold api figures\n"
            + Report.end("api")
            + "\n\n"
            + Report.begin("users")
            + "\nold users figures\n"
            + Report.end("users")
            + "\n\n## Findings\nkept\n");

    Report.write(file, Map.of("users", "new users figures\n"));

    var text = Files.readString(file);
    assertThat(text)
        .contains("Intro.")
        .contains("old api figures")
        .contains("new users figures")
        .contains("## Findings\nkept")
        .doesNotContain("old users figures");
  }

  @Test
  void aNewSectionGoesAfterTheLastMeasuredOneBeforeTheFindings() throws Exception {
    var file = dir.resolve("BENCHMARKS.md");
    Files.writeString(
        file,
        "# Benchmarks\n\n"
            + Report.begin("api")
            + "\napi figures\n"
            + Report.end("api")
            + "\n\n## Findings\nkept\n");

    Report.write(file, Map.of("cluster", "cluster figures\n"));

    var text = Files.readString(file);
    assertThat(text.indexOf("api figures"))
        .isLessThan(text.indexOf("cluster figures"))
        .isLessThan(text.indexOf("## Findings"));
    assertThat(text)
        .contains(Report.begin("cluster") + "\ncluster figures\n" + Report.end("cluster"));
  }

  @Test
  void aClusterRunWritesTheSetupAndItsOwnSectionOnly() {
    var cluster =
        new ClusterScenario.Figures(
            List.of(
                new ClusterScenario.Reads(1, List.of(2000.0, 3000.0, 2500.0), 1.7, 0.999, 0),
                new ClusterScenario.Reads(3, List.of(2000.0, 2100.0, 1900.0), 1.8, 0.998, 0)),
            List.of(
                new ClusterScenario.Kill(
                    Duration.ofMillis(1180), Duration.ofMillis(1340), Duration.ofMillis(19400))));
    var figures =
        new Bench.Figures(
            BenchMode.FULL,
            Instant.parse("2026-11-26T15:00:00Z"),
            Duration.ofMinutes(9),
            List.of(),
            List.of(),
            List.of(),
            Double.NaN,
            Double.NaN,
            null,
            List.of(),
            cluster);

    var sections = Report.sections(figures, "./backplane bench cluster", "-Xmx384m");

    assertThat(sections).containsOnlyKeys("setup", "cluster");
    assertThat(sections.get("cluster"))
        .startsWith(
            "### Cluster: 3 instances behind HAProxy\n\nMeasured on 2026-11-26 in full mode")
        .contains("| 1 | 2500 req/s | 2000, 3000, 2500 | 1.70 cores | 0.999 | 0 |")
        .contains("**3 instances / 1 instance throughput: 0.80**")
        .contains("| 1 | 1.18 s | 1.34 s | 19.4 s |");
  }

  @Test
  void aMissingFileIsCreatedWithTheSectionsInOrder() throws Exception {
    var file = dir.resolve("BENCHMARKS.md");
    var sections = new LinkedHashMap<String, String>();
    sections.put("setup", "machine\n");
    sections.put("api", "figures\n");

    Report.write(file, sections);

    var text = Files.readString(file);
    assertThat(text)
        .startsWith("# Benchmarks")
        .contains(Report.begin("api") + "\nfigures\n" + Report.end("api"));
    assertThat(text.indexOf("machine")).isLessThan(text.indexOf("figures"));
  }
}
