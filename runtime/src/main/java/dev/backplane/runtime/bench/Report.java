package dev.backplane.runtime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a run as Markdown sections. In BENCHMARKS.md each replaces what stands between its
 * "measured" markers, so a run of some scenarios updates only theirs; the hand-written findings
 * around them stay.
 */
public final class Report {

  private static final String END_SUFFIX = ": end -->";

  private Report() {}

  /**
   * The figures as sections of Markdown, by name: {@code setup} (machine and method, always), and
   * one per scenario run ({@code api}, {@code memory} with the soak, {@code users}, {@code
   * startup}, {@code cluster}). Each says when and how it was measured.
   */
  public static Map<String, String> sections(
      Bench.Figures figures, String command, String instanceJvm) {
    var sections = new LinkedHashMap<String, String>();
    var date = DateTimeFormatter.ISO_LOCAL_DATE.format(figures.started().atOffset(ZoneOffset.UTC));
    var measured =
        String.format(
            Locale.ROOT,
            "Measured on %s in %s mode with `%s` (the whole run: %d min).",
            date,
            figures.mode().name(),
            command,
            figures.took().toMinutes());
    sections.put("setup", setup(figures, instanceJvm));
    if (!figures.endpoints().isEmpty()) {
      sections.put("api", api(figures, measured));
    }
    if (figures.soak() != null) {
      sections.put("memory", memory(figures, measured));
    }
    if (!figures.users().isEmpty()) {
      sections.put("users", users(figures, measured));
    }
    if (!figures.instanceStartups().isEmpty()) {
      sections.put("startup", startup(figures, measured));
    }
    if (figures.cluster() != null && !figures.cluster().reads().isEmpty()) {
      sections.put("cluster", cluster(figures.cluster(), measured));
    }
    var rateLimits = new ArrayList<RateLimitScenario.Figures>();
    if (figures.rateLimits() != null) {
      rateLimits.add(figures.rateLimits());
    }
    if (figures.cluster() != null && figures.cluster().rateLimits() != null) {
      rateLimits.add(figures.cluster().rateLimits());
    }
    if (!rateLimits.isEmpty()) {
      sections.put("ratelimit", rateLimit(rateLimits, measured));
    }
    if (figures.overload() != null) {
      sections.put("overload", overload(figures.overload(), measured));
    }
    if (figures.gateway() != null) {
      sections.put("gateway", gateway(figures.gateway(), measured));
    }
    if (figures.cluster() != null && figures.cluster().neighbours() != null) {
      sections.put("neighbours", neighbours(figures.cluster().neighbours(), measured));
    }
    if (figures.cluster() != null && figures.cluster().collections() != null) {
      sections.put("collections", collections(figures.cluster().collections(), measured));
    }
    if (figures.cluster() != null && figures.cluster().events() != null) {
      sections.put("events", events(figures.cluster().events(), measured));
    }
    return sections;
  }

  private static String setup(Bench.Figures figures, String instanceJvm) {
    var out = new StringBuilder();
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
        "- Warm-up (%s mode): %d s of maximum load on each endpoint before measuring; then %d rounds of %d s per endpoint or configuration, alternated (ABBA).",
        figures.mode().name(),
        figures.mode().warmup().toSeconds(),
        figures.mode().rounds(),
        figures.mode().slice().toSeconds());
    line(
        out,
        "- Maximum throughput: wrk, 1 thread, 16 connections (closed model). Latency: our fixed-rate open-model generator (HTTP/1.1 over 16 keep-alive connections, as wrk2 does), each request timed from when it was due, for %d s per rate.",
        figures.mode().slice().multipliedBy(2).toSeconds());
    return out.toString();
  }

  private static String api(Bench.Figures figures, String measured) {
    var out = section("### API call path against the ceiling", measured);
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
          throughputs(endpoint.throughputs()),
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
    return out.toString();
  }

  private static String memory(Bench.Figures figures, String measured) {
    var out = section("### Memory", measured);
    line(out, "| process | RSS idle after start |");
    line(out, "|---|---|");
    line(
        out,
        "| instance (Payara Micro: API, console and the bench WAR) | %.0f MB |",
        figures.idleInstanceRss());
    line(out, "| Keycloak | %.0f MB |", figures.idleKeycloakRss());
    var soak = figures.soak();
    var rss = soak.rssMegabytes();
    line(out, "");
    line(
        out,
        "Soak: %d min at %.0f req/s on `/api/v1/me` (%d errors). Live heap after a full collection: %.0f MB before, %.0f MB after. Instance RSS: first %.0f MB, after 1 min %.0f MB, last %.0f MB, highest %.0f MB (%d samples, every 15 s).",
        soak.duration().toMinutes(),
        soak.rate(),
        soak.errors(),
        soak.liveHeapBefore(),
        soak.liveHeapAfter(),
        rss.getFirst(),
        rss.get(Math.min(4, rss.size() - 1)),
        rss.getLast(),
        rss.stream().mapToDouble(Double::doubleValue).max().orElse(0),
        rss.size());
    return out.toString();
  }

  private static String users(Bench.Figures figures, String measured) {
    var out =
        section(
            "### Users through the API (Keycloak behind, the `users` cache in front)", measured);
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
    return out.toString();
  }

  private static String startup(Bench.Figures figures, String measured) {
    var out = section("### Startup, warm (launch to /health/ready)", measured);
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
    return out.toString();
  }

  private static String cluster(ClusterScenario.Figures cluster, String measured) {
    var out =
        section(
            String.format(
                Locale.ROOT, "### Cluster: %d instances behind HAProxy", ClusterScenario.INSTANCES),
            measured);
    line(
        out,
        "Cached read: `GET /api/v1/users/{id}` of %d users in turn, as the dev user `admin`, through HAProxy; the `users` cache is distributed with 2 owners, so a third of the reads on each instance go to another member. One instance in service: the two others in HAProxy's maintenance (still cluster members); alternated with all three in one run. Each instance is warmed up on its own first, for the warm-up time.",
        ClusterScenario.CACHED_USERS);
    line(out, "");
    line(
        out,
        "| instances in service | max throughput (median) | rounds | CPU of instances + HAProxy | cache hit ratio | errors |");
    line(out, "|---|---|---|---|---|---|");
    for (var reads : cluster.reads()) {
      line(
          out,
          "| %d | %.0f req/s | %s | %.2f cores | %.3f | %d |",
          reads.serving(),
          reads.median(),
          throughputs(reads.throughputs()),
          reads.cores(),
          reads.hitRatio(),
          reads.errors());
    }
    var one = cluster.reads().getFirst();
    var all = cluster.reads().getLast();
    line(out, "");
    line(
        out,
        "**3 instances / 1 instance throughput: %.2f** on %d cores.",
        all.median() / one.median(),
        Runtime.getRuntime().availableProcessors());
    line(out, "");
    line(
        out,
        "A dead member (SIGKILL to instance-%d, idle cluster; polled every 50 ms):",
        ClusterScenario.INSTANCES);
    line(out, "");
    line(
        out,
        "| kill | gone from the cluster view | marked DOWN by HAProxy | started again until ready and back in the view |");
    line(out, "|---|---|---|---|");
    int n = 0;
    for (var kill : cluster.kills()) {
      line(
          out,
          "| %d | %.2f s | %.2f s | %.1f s |",
          ++n,
          seconds(kill.clusterNoticed()),
          seconds(kill.balancerNoticed()),
          seconds(kill.back()));
    }
    return out.toString();
  }

  /**
   * Puts each section into BENCHMARKS.md between its markers, leaving the others (measured by
   * earlier runs) and the hand-written findings as they are; a section without markers yet goes
   * after the last measured one (or at the end).
   */
  private static String rateLimit(List<RateLimitScenario.Figures> runs, String measured) {
    var out = section("### Rate limiting: off, local and exact", measured);
    line(
        out,
        "`GET /api/v1/me` as the dev user `alice`, with the policy `%s` (a billion per 60 s, sliding window, partitioned by subject: every request counts against one counter, the worst case for exact counting, and none is refused) disabled (off), in `local` mode and in `exact` mode; the three alternate in every round, each going first as often. Latency: a fixed rate of half the throughput without rate limiting, for twice the slice.",
        RateLimitScenario.POLICY);
    line(out, "");
    line(
        out,
        "| instances | rate limiting | max throughput (median) | rounds | vs off | latency p50 / p99 / p99.9 |");
    line(out, "|---|---|---|---|---|---|");
    for (var run : runs) {
      double off = run.run("off").median();
      for (var mode : run.runs()) {
        line(
            out,
            "| %d (through %s) | %s | %.0f req/s | %s | %.2f | %s |",
            run.instances(),
            run.through(),
            mode.mode(),
            mode.median(),
            throughputs(mode.throughputs()),
            mode.median() / off,
            latencies(mode.latency()));
      }
    }
    line(out, "");
    for (var run : runs) {
      double off = run.run("off").median();
      line(
          out,
          "**%d instance(s): exact / off %.2f, local / off %.2f.**",
          run.instances(),
          run.run("exact").median() / off,
          run.run("local").median() / off);
    }
    return out.toString();
  }

  private static String gateway(GatewayScenario.Figures gateway, String measured) {
    var out =
        section("### Gateway: a service through a route against the service directly", measured);
    line(
        out,
        "A service on loopback (the JDK's HTTP server in the bench's JVM, a 40-byte JSON answer) called directly, and through the route `%s` on one instance with `alice`'s token checked and the exact policy `%s` (a billion per 60 s per subject: every request counted on one counter, none refused); the gateway also over HTTPS (HTTP/1.1 over TLS, the development certificate); they alternate in every round. Once for a service that answers at once (the gateway's whole cost shows) and once for one working %d ms per request. Latency: all at a fixed rate of half the slowest one's throughput, for twice the slice; \"added\" is through the gateway minus direct.",
        GatewayScenario.ROUTE,
        GatewayScenario.POLICY,
        GatewayScenario.WORK_MS);
    line(out, "");
    line(
        out,
        "| service works | called | max throughput (median) | rounds | vs direct | latency p50 / p99 / p99.9 |");
    line(out, "|---|---|---|---|---|---|");
    for (var service : gateway.services()) {
      double direct = service.direct().median();
      for (var run : List.of(service.direct(), service.gateway(), service.https())) {
        line(
            out,
            "| %d ms | %s | %.0f req/s | %s | %.2f | %s |",
            service.workMillis(),
            run.through(),
            run.median(),
            throughputs(run.throughputs()),
            run.median() / direct,
            latencies(run.latency()));
      }
    }
    line(out, "");
    for (var service : gateway.services()) {
      line(
          out,
          "**Service working %d ms: gateway / direct %.2f (over HTTPS %.2f); added at %.0f req/s: p50 %.1f ms, p99 %.1f ms.**",
          service.workMillis(),
          service.gateway().median() / service.direct().median(),
          service.https().median() / service.direct().median(),
          service.latencyRate(),
          Bench.millis(
              service
                  .gateway()
                  .latency()
                  .latencies()
                  .percentile(50)
                  .minus(service.direct().latency().latencies().percentile(50))),
          Bench.millis(
              service
                  .gateway()
                  .latency()
                  .latencies()
                  .percentile(99)
                  .minus(service.direct().latency().latencies().percentile(99))));
    }
    return out.toString();
  }

  private static String overload(OverloadScenario.Figures overload, String measured) {
    var out = section("### Overload: twice the maximum throughput", measured);
    line(
        out,
        "`GET /api/v1/me` as `alice` on one instance: its maximum throughput (wrk, 16 connections), then wrk offering half of it and twice it over %d connections (paced: each connection pauses between requests) for twice the slice, while a probe of %.0f req/s (open model, timed from when each request was due) measures what a caller meets. %s Beyond its concurrency limit the instance sheds requests with 503; the probe's latencies are those of its requests the instance admitted (200).",
        OverloadScenario.CONNECTIONS,
        OverloadScenario.PROBE_RATE,
        overload.pinned()
            ? "The instance ran on one core, the load and the probe on the other."
            : "The instance and the load shared the cores (taskset was not available).");
    line(out, "");
    line(
        out,
        "Maximum throughput: %.0f req/s (rounds: %s).",
        overload.median(),
        throughputs(overload.throughputs()));
    line(out, "");
    line(
        out,
        "| offered | reached | shed (not 2xx) | probe admitted p50 / p99 / p99.9 | probe shed |");
    line(out, "|---|---|---|---|---|");
    for (var load : List.of(overload.atHalf(), overload.atDouble())) {
      var admitted = load.probe().admitted();
      line(
          out,
          "| %.0f req/s | %.0f req/s | %.1f%% | %.1f / %.1f / %.1f ms | %d of %d |",
          load.offered(),
          load.load().requestsPerSecond(),
          100 * load.shedShare(overload.duration()),
          Bench.millis(admitted.percentile(50)),
          Bench.millis(admitted.percentile(99)),
          Bench.millis(admitted.percentile(99.9)),
          load.probe().shed(),
          load.probe().latencies().count());
    }
    line(out, "");
    line(
        out,
        "**The probe's p99 at twice the maximum / at half of it: %.2f (goal: at most 3); %.1f%% of the load shed.**",
        Bench.millis(overload.atDouble().probe().admitted().percentile(99))
            / Bench.millis(overload.atHalf().probe().admitted().percentile(99)),
        100 * overload.atDouble().shedShare(overload.duration()));
    return out.toString();
  }

  private static String neighbours(NeighboursScenario.Figures neighbours, String measured) {
    var out = section("### Neighbours: one caller flooding, another calling", measured);
    line(
        out,
        "Three instances behind HAProxy, the policy `%s` (`exact`, 1,000 per 60 s per subject, on `/api/v1/me`). `operator` calls `/api/v1/me` at %.0f req/s (open model) at rest, then while `alice` floods the same path with wrk (16 connections, as fast as it goes; her quota is used up at once, so nearly all of it is refused with 429).",
        NeighboursScenario.POLICY,
        NeighboursScenario.VICTIM_RATE);
    line(out, "");
    line(out, "| operator's calls | p50 / p99 / p99.9 | not 200 |");
    line(out, "|---|---|---|");
    line(
        out,
        "| at rest | %s | %d |",
        latencyTriple(neighbours.atRest()),
        neighbours.atRest().errors());
    line(
        out,
        "| while alice floods (%.0f req/s) | %s | %d |",
        neighbours.floodRate(),
        latencyTriple(neighbours.underFlood()),
        neighbours.underFlood().errors());
    line(out, "");
    line(
        out,
        "**operator's p99 while alice floods / at rest: %.2f (goal: at most 3).**",
        Bench.millis(neighbours.underFlood().latencies().percentile(99))
            / Bench.millis(neighbours.atRest().latencies().percentile(99)));
    return out.toString();
  }

  private static String collections(CollectionsScenario.Figures collections, String measured) {
    var out = section("### Collections: records on PostgreSQL", measured);
    line(
        out,
        "A collection of %,d records (`%s`: five fields, an index on `code` only) on instance-1 of the three-instance cluster, called directly as the dev user `alice`. %s",
        CollectionsScenario.RECORDS,
        CollectionsScenario.COLLECTION,
        Double.isNaN(collections.loadRate())
            ? "Its records were made by an earlier run."
            : String.format(
                Locale.ROOT,
                "This run made its records through the API, 16 requests at a time: %.0f records/s.",
                collections.loadRate()));
    line(out, "");
    line(out, "| call | max throughput (median) | rounds |");
    line(out, "|---|---|---|");
    for (int i = 0; i < collections.maximum().size(); i++) {
      var name = collections.maximum().get(i);
      line(
          out,
          "| %s | %.0f req/s | %s |",
          switch (name) {
            case "me" -> "`GET /api/v1/me`";
            case "read cached" ->
                "`GET .../records/{id}`, one of " + CollectionsScenario.CACHED + " records";
            default -> "`POST .../records` (create)";
          },
          collections.median(name),
          throughputs(collections.throughputs().get(i)));
    }
    line(out, "");
    line(
        out,
        "**cached read by id / `me` throughput: %.2f (goal: at least 0.7).**",
        collections.median("read cached") / collections.median("me"));
    line(out, "");
    line(out, "| at a fixed rate | p50 / p99 / p99.9 | near cache hit ratio |");
    line(out, "|---|---|---|");
    for (var run : collections.runs()) {
      line(
          out,
          "| %s | %s | %s |",
          run.name(),
          latencies(run.result()),
          Double.isNaN(run.nearHitRatio())
              ? "-"
              : String.format(Locale.ROOT, "%.2f", run.nearHitRatio()));
    }
    var indexed = p99(collections.run(CollectionsScenario.INDEXED));
    var unindexed = p99(collections.run(CollectionsScenario.UNINDEXED));
    var first = p99(collections.run(CollectionsScenario.FIRST_PAGE));
    var deep = p99(collections.run(CollectionsScenario.DEEP));
    line(out, "");
    line(
        out,
        "**indexed filter p99: %.1f ms (goal: under 20 ms); without the index %.1f ms (%.1fx). Keyset page %d / page 1 p99: %.2f (goal: alike).**",
        Bench.millis(indexed),
        Bench.millis(unindexed),
        Bench.millis(unindexed) / Bench.millis(indexed),
        CollectionsScenario.DEEP_PAGE,
        Bench.millis(deep) / Bench.millis(first));
    return out.toString();
  }

  private static String events(EventsScenario.Figures events, String measured) {
    var out =
        section("### Events and jobs: change streams and the job queue on PostgreSQL", measured);
    line(
        out,
        "Records of `%s` created through instance-1: in the warm-up 16 at a time as fast as they were answered, **%.0f writes/s** into the one collection (each change and its event in one transaction, the event's id from the stream's sequence); then at half that, %.0f writes/s (open model), for %,d events (%d writes failed), each followed by a Server-Sent Events subscriber on instance-1 and one on instance-3 (fan-out through the replicated cache). Latency: from the write's answer (the change committed) to the event's arrival; %d of %,d arrivals came before their write's answer (counted as 0 ms).",
        EventsScenario.STREAMED,
        events.maximum(),
        events.rate(),
        events.writes(),
        events.failed(),
        events.early(),
        events.writes() * 2);
    line(out, "");
    line(out, "| subscriber | p50 | p99 | p99.9 |");
    line(out, "|---|---|---|---|");
    for (var subscriber : List.of("same instance (instance-1)", "another instance (instance-3)")) {
      var latencies =
          subscriber.startsWith("same") ? events.sameInstance() : events.otherInstance();
      line(
          out,
          "| %s | %.1f ms | %.1f ms | %.1f ms |",
          subscriber,
          Bench.millis(latencies.percentile(50)),
          Bench.millis(latencies.percentile(99)),
          Bench.millis(latencies.percentile(99.9)));
    }
    line(out, "");
    line(
        out,
        "**Missing or repeated events: %d (goal: 0). Another instance / the same, p99: %.2f.**",
        events.missing(),
        Bench.millis(events.otherInstance().percentile(99))
            / Bench.millis(events.sameInstance().percentile(99)));
    line(out, "");
    line(
        out,
        "Job queue: %,d records created through HAProxy by 16 writers, each into its own collection (`%s0` to `%s15`), %.0f records/s, all followed by %d webhooks, so that each record enqueues %d delivery jobs in its transaction: %,d jobs, %.0f/s. The receiver (loopback, in the bench's process) answers 204 at once, so a job is one signed POST: the lightest job a user can enqueue. The jobs ran on the three instances (4 threads each) while the writes went on; %,d were left when the writes ended.",
        events.jobs() / EventsScenario.WEBHOOKS,
        EventsScenario.HOOKED,
        EventsScenario.HOOKED,
        events.writeRate(),
        EventsScenario.WEBHOOKS,
        EventsScenario.WEBHOOKS,
        events.jobs(),
        events.enqueueRate(),
        events.backlog());
    line(out, "");
    if (events.backlog() < 100) {
      line(
          out,
          "**Job throughput: the jobs kept pace with the writes, so at least %.0f jobs/s; no backlog was left to measure the queue's own limit.**",
          events.enqueueRate());
    } else {
      line(
          out,
          "**Job throughput draining that backlog: %.0f jobs/s (%.1f s), against %.0f enqueued per second.**",
          events.jobsPerSecond(),
          events.drain().toNanos() / 1e9,
          events.enqueueRate());
    }
    return out.toString();
  }

  private static java.time.Duration p99(CollectionsScenario.Run run) {
    return run.result().latencies().percentile(99);
  }

  private static String latencyTriple(OpenModelLoad.Result result) {
    var l = result.latencies();
    return String.format(
        Locale.ROOT,
        "%.1f / %.1f / %.1f ms",
        Bench.millis(l.percentile(50)),
        Bench.millis(l.percentile(99)),
        Bench.millis(l.percentile(99.9)));
  }

  public static void write(Path file, Map<String, String> sections) {
    try {
      var text = Files.isRegularFile(file) ? Files.readString(file) : "# Benchmarks\n\n";
      for (var section : sections.entrySet()) {
        var begin = begin(section.getKey());
        var end = end(section.getKey());
        var block = begin + "\n" + section.getValue() + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
          text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
          int last = text.lastIndexOf(END_SUFFIX);
          if (last >= 0) {
            int after = last + END_SUFFIX.length();
            text = text.substring(0, after) + "\n\n" + block + text.substring(after);
          } else {
            text = text + (text.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
          }
        }
      }
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String begin(String section) {
    return "<!-- measured "
        + section
        + ": begin (written by ./backplane bench; edits here are lost) -->";
  }

  static String end(String section) {
    return "<!-- measured " + section + END_SUFFIX;
  }

  /** A section's heading and when and how it was measured. */
  private static StringBuilder section(String heading, String measured) {
    var out = new StringBuilder();
    line(out, "%s", heading);
    line(out, "");
    line(out, "%s", measured);
    line(out, "");
    return out;
  }

  private static String throughputs(List<Double> throughputs) {
    return String.join(
        ", ", throughputs.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList());
  }

  private static Bench.Endpoint find(Bench.Figures figures, String name) {
    return figures.endpoints().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }

  private static String latencies(OpenModelLoad.Result result) {
    return String.format(
        Locale.ROOT,
        "%s at %.0f req/s%s",
        latencyTriple(result),
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
