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
                    Duration.ofMillis(1180), Duration.ofMillis(1340), Duration.ofMillis(19400))),
            null,
            null,
            null,
            null);
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
            null,
            null,
            null,
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

  @Test
  void aRateLimitRunComparesEachModeWithOffOnOneAndThreeInstances() {
    var one = rateLimits(1, "the instance", 3000, 2850, 2400);
    var three = rateLimits(3, "HAProxy", 2400, 2300, 1800);
    var figures =
        new Bench.Figures(
            BenchMode.QUICK,
            Instant.parse("2026-11-27T01:00:00Z"),
            Duration.ofMinutes(6),
            List.of(),
            List.of(),
            List.of(),
            Double.NaN,
            Double.NaN,
            null,
            List.of(),
            one,
            null,
            null,
            new ClusterScenario.Figures(List.of(), List.of(), three, null, null, null));

    var sections = Report.sections(figures, "./backplane bench --quick ratelimit", "-Xmx384m");

    assertThat(sections).containsOnlyKeys("setup", "ratelimit");
    assertThat(sections.get("ratelimit"))
        .startsWith("### Rate limiting: off, local and exact\n\nMeasured on 2026-11-27 in quick")
        .contains(
            "| 1 (through the instance) | exact | 2400 req/s | 2400, 2400 | 0.80 | 1.0 / 2.0 / 2.0 ms at 1500 req/s |")
        .contains("| 3 (through HAProxy) | local | 2300 req/s | 2300, 2300 | 0.96 |")
        .contains("**1 instance(s): exact / off 0.80, local / off 0.95.**")
        .contains("**3 instance(s): exact / off 0.75, local / off 0.96.**");
  }

  @Test
  void aCollectionsRunComparesTheCachedReadWithMeAndTheIndexedFilterWithTheUnindexedOne() {
    var runs = new java.util.ArrayList<CollectionsScenario.Run>();
    for (var run :
        List.of(
            "read by id, uncached",
            "read by id, cached",
            CollectionsScenario.INDEXED,
            CollectionsScenario.UNINDEXED,
            CollectionsScenario.FIRST_PAGE,
            CollectionsScenario.DEEP)) {
      long millis = run.equals(CollectionsScenario.UNINDEXED) ? 40 : 4;
      var latencies = new Latencies();
      latencies.record(millis * 1_000_000);
      runs.add(
          new CollectionsScenario.Run(
              run,
              new OpenModelLoad.Result(20, Duration.ofSeconds(30), latencies, latencies, 0, 0),
              run.contains("cached") ? 0.98 : Double.NaN));
    }
    var collections =
        new CollectionsScenario.Figures(
            950,
            List.of("me", "read cached", "create"),
            List.of(List.of(4000.0, 4200.0), List.of(3000.0, 3200.0), List.of(900.0, 800.0)),
            runs);
    var figures =
        clusterRun(
            Instant.parse("2026-11-30T22:00:00Z"),
            Duration.ofMinutes(12),
            new ClusterScenario.Figures(List.of(), List.of(), null, null, collections, null));

    var sections = Report.sections(figures, "./backplane bench collections", "-Xmx384m");

    assertThat(sections).containsOnlyKeys("setup", "collections");
    assertThat(sections.get("collections"))
        .startsWith("### Collections: records on PostgreSQL\n\nMeasured on 2026-11-30")
        .contains("made its records through the API, 16 requests at a time: 950 records/s")
        .contains("| `POST .../records` (create) | 900 req/s | 900, 800 |")
        .contains("**cached read by id / `me` throughput: 0.76 (goal: at least 0.7).**")
        .contains("| read by id, cached | 4.0 / 4.0 / 4.0 ms at 20 req/s | 0.98 |")
        .contains(
            "indexed filter p99: 4.0 ms (goal: under 20 ms); without the index 40.0 ms (10.0x)")
        .contains("Keyset page 1000 / page 1 p99: 1.00");
  }

  @Test
  void anEventsRunGivesTheStreamLatenciesSideBySideAndTheJobThroughput() {
    var same = new Latencies();
    var other = new Latencies();
    for (int i = 0; i < 100; i++) {
      same.record(2_000_000);
      other.record(i < 98 ? 3_000_000 : 6_000_000);
    }
    var events =
        new EventsScenario.Figures(
            210, 100, 100, 0, same, other, 0, 3, 4800, 75, 2000, Duration.ofSeconds(10));
    var figures =
        clusterRun(
            Instant.parse("2026-12-01T04:00:00Z"),
            Duration.ofMinutes(9),
            new ClusterScenario.Figures(List.of(), List.of(), null, null, null, events));

    var sections = Report.sections(figures, "./backplane bench events", "-Xmx384m");

    assertThat(sections).containsOnlyKeys("setup", "events");
    assertThat(sections.get("events"))
        .contains("**210 writes/s** into the one collection")
        .contains("at half that, 100 writes/s (open model), for 100 events (0 writes failed)")
        .contains("3 of 200 arrivals came before their write's answer")
        .contains("| same instance (instance-1) | 2.0 ms | 2.0 ms | 2.0 ms |")
        .contains("| another instance (instance-3) | 3.0 ms | 6.0 ms | 6.0 ms |")
        .contains(
            "**Missing or repeated events: 0 (goal: 0). Another instance / the same, p99: 3.00.**")
        .contains(
            "600 records created through HAProxy by 16 writers, each into its own collection (`bench_hooked_0` to `bench_hooked_15`), 75 records/s, all followed by 8 webhooks, so that each record enqueues 8 delivery jobs in its transaction: 4,800 jobs, 600/s.")
        .contains("2,000 were left when the writes ended")
        .contains(
            "**Job throughput draining that backlog: 200 jobs/s (10.0 s), against 600 enqueued per second.**");

    var keptPace =
        new EventsScenario.Figures(210, 100, 100, 0, same, other, 0, 3, 4800, 45, 0, Duration.ZERO);
    var paced =
        Report.sections(
            clusterRun(
                Instant.parse("2026-12-01T04:00:00Z"),
                Duration.ofMinutes(9),
                new ClusterScenario.Figures(List.of(), List.of(), null, null, null, keptPace)),
            "./backplane bench events",
            "-Xmx384m");
    assertThat(paced.get("events"))
        .contains("the jobs kept pace with the writes, so at least 360 jobs/s")
        .doesNotContain("NaN");
  }

  /** A quick run's figures with only the cluster's scenarios measured. */
  private static Bench.Figures clusterRun(
      Instant started, Duration took, ClusterScenario.Figures cluster) {
    return new Bench.Figures(
        BenchMode.QUICK,
        started,
        took,
        List.of(),
        List.of(),
        List.of(),
        Double.NaN,
        Double.NaN,
        null,
        List.of(),
        null,
        null,
        null,
        cluster);
  }

  private static RateLimitScenario.Figures rateLimits(
      int instances, String through, double off, double local, double exact) {
    var latencies = new Latencies();
    latencies.record(1_000_000);
    latencies.record(2_000_000);
    var runs = new java.util.ArrayList<RateLimitScenario.Run>();
    var throughputs = List.of(off, local, exact);
    for (int i = 0; i < 3; i++) {
      runs.add(
          new RateLimitScenario.Run(
              RateLimitScenario.MODES.get(i),
              List.of(throughputs.get(i), throughputs.get(i)),
              new OpenModelLoad.Result(
                  off / 2, Duration.ofSeconds(10), latencies, latencies, 0, 0)));
    }
    return new RateLimitScenario.Figures(instances, through, off / 2, runs);
  }
}
