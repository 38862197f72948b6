package dev.backplane.runtime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run as Markdown. In BENCHMARKS.md they replace what stands between the
 * "measured" markers; the hand-written findings around them stay.
 */
public final class Report {

  static final String BEGIN =
      "<!-- measured: begin (written by ./backplane bench; edits here are lost) -->";
  static final String END = "<!-- measured: end -->";

  private Report() {}

  public static String markdown(Bench.Figures figures, String command, String instanceJvm) {
    var out = new StringBuilder();
    var date = DateTimeFormatter.ISO_LOCAL_DATE.format(figures.started().atOffset(ZoneOffset.UTC));
    line(
        out,
        "Measured on %s in %s mode (%d min) with `%s`.",
        date,
        figures.mode().name(),
        figures.took().toMinutes(),
        command);
    line(out, "");
    line(
        out,
        "- Machine: %d cores (%s), %s GiB, %s; JDK %s (%s).",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        memoryGib(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.version"),
        System.getProperty("java.vendor"));
    line(
        out,
        "- Instance JVM: `%s`. The load generators run on the same cores as the servers.",
        instanceJvm);
    line(
        out,
        "- Warm-up: %d s of maximum load on each endpoint before measuring; then %d rounds of %d s per endpoint, alternated (ABBA).",
        figures.mode().warmup().toSeconds(),
        figures.mode().rounds(),
        figures.mode().slice().toSeconds());
    line(
        out,
        "- Maximum throughput: wrk, 1 thread, 16 connections (closed model). Latency: our fixed-rate open-model generator (HTTP/1.1 over 16 keep-alive connections, as wrk2 does), each request timed from when it was due, for %d s per rate.",
        figures.mode().slice().multipliedBy(2).toSeconds());
    if (!figures.endpoints().isEmpty()) {
      line(out, "");
      line(out, "### API call path against the ceiling");
      line(out, "");
      line(
          out,
          "| endpoint | max throughput (median) | rounds | instance CPU | p50 / p99 / p99.9 at 50%% of max | p50 / p99 / p99.9 at 80%% of max |");
      line(out, "|---|---|---|---|---|---|");
      for (var endpoint : figures.endpoints()) {
        line(
            out,
            "| `%s` (%s) | %.0f req/s | %s | %.2f cores | %s | %s |",
            endpoint.path(),
            endpoint.name(),
            endpoint.medianThroughput(),
            String.join(
                ", ",
                endpoint.throughputs().stream()
                    .map(t -> String.format(Locale.ROOT, "%.0f", t))
                    .toList()),
            endpoint.instanceCores(),
            latencies(endpoint.atHalf()),
            latencies(endpoint.atFourFifths()));
      }
      var ceiling = find(figures, "ceiling");
      var me = find(figures, "me");
      if (ceiling != null && me != null) {
        line(out, "");
        line(
            out,
            "**`me` / `ceiling` throughput: %.2f** (goal: at least 0.80). `me` p99 at 50%% of its maximum: %.1f ms (goal: under 10 ms).",
            me.medianThroughput() / ceiling.medianThroughput(),
            Bench.millis(me.atHalf().latencies().percentile(99)));
      }
    }
    line(out, "");
    line(out, "### Memory");
    line(out, "");
    line(out, "| process | RSS idle after start |");
    line(out, "|---|---|");
    line(
        out,
        "| instance (Payara Micro: API, console and the bench WAR) | %.0f MB |",
        figures.idleInstanceRss());
    line(out, "| Keycloak | %.0f MB |", figures.idleKeycloakRss());
    if (figures.soak() != null) {
      var rss = figures.soak().rssMegabytes();
      line(out, "");
      line(
          out,
          "Soak: %d min at %.0f req/s on `/api/v1/me` (%d errors). Live heap after a full collection: %.0f MB before, %.0f MB after. Instance RSS: first %.0f MB, after 1 min %.0f MB, last %.0f MB, highest %.0f MB (%d samples, every 15 s).",
          figures.soak().duration().toMinutes(),
          figures.soak().rate(),
          figures.soak().errors(),
          figures.soak().liveHeapBefore(),
          figures.soak().liveHeapAfter(),
          rss.getFirst(),
          rss.get(Math.min(4, rss.size() - 1)),
          rss.getLast(),
          rss.stream().mapToDouble(Double::doubleValue).max().orElse(0),
          rss.size());
    }
    if (!figures.users().isEmpty()) {
      line(out, "");
      line(out, "### Users through the API (Keycloak behind, the `users` cache in front)");
      line(out, "");
      line(
          out,
          "%,d users in Keycloak; read as the dev user `admin`. Uncached: the cache cleared, then every request asks for a page or user not read before. Cached: the same page, or 20 users, again.",
          UsersScenario.USERS);
      line(out, "");
      line(out, "| read | rate | p50 / p99 / p99.9 | cache hit ratio | errors |");
      line(out, "|---|---|---|---|---|");
      for (var run : figures.users()) {
        var latencies = run.result().latencies();
        line(
            out,
            "| %s | %.0f req/s | %.1f / %.1f / %.1f ms | %.2f | %d |",
            run.name(),
            run.rate(),
            Bench.millis(latencies.percentile(50)),
            Bench.millis(latencies.percentile(99)),
            Bench.millis(latencies.percentile(99.9)),
            run.hitRatio(),
            run.result().errors());
      }
    }
    if (!figures.instanceStartups().isEmpty()) {
      line(out, "");
      line(out, "### Startup, warm (launch to /health/ready)");
      line(out, "");
      line(out, "| process | median | runs |");
      line(out, "|---|---|---|");
      line(
          out,
          "| instance | %.1f s | %s |",
          seconds(Bench.median(figures.instanceStartups())),
          runs(figures.instanceStartups()));
      line(
          out,
          "| Keycloak | %.1f s | %s |",
          seconds(Bench.median(figures.keycloakStartups())),
          runs(figures.keycloakStartups()));
    }
    return out.toString();
  }

  /** Puts the figures into BENCHMARKS.md between the markers (appended when there are none). */
  public static void write(Path file, String measured) {
    try {
      var block = BEGIN + "\n" + measured + END;
      String text;
      if (Files.isRegularFile(file)) {
        text = Files.readString(file);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        text =
            begin >= 0 && end > begin
                ? text.substring(0, begin) + block + text.substring(end + END.length())
                : text + "\n" + block + "\n";
      } else {
        text = "# Benchmarks\n\n" + block + "\n";
      }
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Bench.Endpoint find(Bench.Figures figures, String name) {
    return figures.endpoints().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }

  private static String latencies(OpenModelLoad.Result result) {
    var l = result.latencies();
    return String.format(
        Locale.ROOT,
        "%.1f / %.1f / %.1f ms at %.0f req/s%s",
        Bench.millis(l.percentile(50)),
        Bench.millis(l.percentile(99)),
        Bench.millis(l.percentile(99.9)),
        result.rate(),
        result.errors() > 0 ? " (" + result.errors() + " errors)" : "");
  }

  private static String runs(List<Duration> durations) {
    return String.join(
        ", ",
        durations.stream().map(d -> String.format(Locale.ROOT, "%.1f s", seconds(d))).toList());
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static String cpuModel() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String memoryGib() {
    try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
      return lines
          .filter(l -> l.startsWith("MemTotal:"))
          .map(
              l ->
                  String.format(
                      Locale.ROOT,
                      "%.0f",
                      Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }
}
