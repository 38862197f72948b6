package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * The {@code collections} scenario, on an instance backed by PostgreSQL: a collection of {@value
 * #RECORDS} records (made once per data directory, through the API, which times it), then in one
 * run and alternated: the maximum throughput of creating records, of reading one of {@value
 * #CACHED} records by id (cached) and of {@code /api/v1/me}; then latencies at fixed rates of a
 * read by id uncached and cached, an equality filter on an indexed field and on a field without an
 * index, and the first keyset page against the page {@value #DEEP_PAGE}.
 */
final class CollectionsScenario {

  static final int RECORDS = 100_000;
  static final int CACHED = 20;
  static final int PAGE = 50;
  static final int DEEP_PAGE = 1_000;
  private static final int WALK = 450;
  static final String INDEXED = "filter on an indexed field";
  static final String UNINDEXED = "the same filter, no index";
  static final String FIRST_PAGE = "keyset page 1";
  static final String DEEP = "keyset page " + DEEP_PAGE;
  static final String COLLECTION = "bench_items";
  private static final String SCRATCH = "bench_writes";
  private static final String FIELDS =
      """
      "fields":[{"name":"title","type":"text","required":true,"maxLength":100},
        {"name":"status","type":"enum","values":["open","done"],"default":"open"},
        {"name":"priority","type":"integer","min":1,"max":5},
        {"name":"code","type":"text","maxLength":20},
        {"name":"tag","type":"text","maxLength":20}],
      "rules":{"list":["authenticated"],"read":["authenticated"],"create":["authenticated"]}""";

  /** Only {@code code} is indexed: the filter on {@code tag} is the same query without one. */
  private static final String DEFINITION =
      "{\"name\":\"" + COLLECTION + "\"," + FIELDS + ",\"indexes\":[{\"fields\":[\"code\"]}]}";

  private static final List<String> MAXIMUM = List.of("me", "read cached", "create");

  private final BenchMode mode;
  private final Wrk wrk;
  private final Progress progress;
  private final Tokens admin;
  private final BenchHttp http = new BenchHttp();

  /**
   * One fixed-rate measurement.
   *
   * @param nearHitRatio the near cache's hits / reads over the run, on the instance measured
   */
  record Run(String name, OpenModelLoad.Result result, double nearHitRatio) {}

  /**
   * @param loadRate records made per second when the collection was filled in this run, or NaN when
   *     it was full already
   * @param throughputs the maximum throughput of each of {@link #MAXIMUM}, per round
   */
  record Figures(
      double loadRate, List<String> maximum, List<List<Double>> throughputs, List<Run> runs) {

    double median(String name) {
      var sorted = throughputs.get(maximum.indexOf(name)).stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }

    Run run(String name) {
      return runs.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
  }

  CollectionsScenario(BenchMode mode, Wrk wrk, Tokens admin, Progress progress) {
    this.mode = mode;
    this.admin = admin;
    this.wrk = wrk;
    this.progress = progress;
  }

  Figures run(String base, Tokens consumer) {
    var api = base + "/api/v1";
    if (http.status("GET", api + "/admin/collections/" + COLLECTION, admin.authorization())
        == 404) {
      http.send("POST", api + "/admin/collections", admin.authorization(), DEFINITION);
    }
    var records = api + "/collections/" + COLLECTION + "/records";
    double loadRate = fill(records, consumer);
    var ids = new ArrayList<String>(RECORDS);
    String deepCursor = ids(records, consumer, ids);

    http.send(
        "POST",
        api + "/admin/collections",
        admin.authorization(),
        "{\"name\":\"" + SCRATCH + "\"," + FIELDS + "}");
    try {
      var cachedPaths =
          ids.subList(0, CACHED).stream()
              .map(id -> "/api/v1/collections/" + COLLECTION + "/records/" + id)
              .toList();
      // me through the same Lua script of wrk's as the cached reads: the script costs the load
      // generator, on the same cores, the same for both
      var mePaths = Collections.nCopies(CACHED, "/api/v1/me");
      var warming = progress.step("warming up me, cached reads and creates for " + warmup());
      wrk.run(base, mePaths, consumer.authorization(), mode.warmup().dividedBy(3));
      wrk.run(base, cachedPaths, consumer.authorization(), mode.warmup().dividedBy(3));
      wrk.runPost(
          base + "/api/v1/collections/" + SCRATCH + "/records",
          consumer.authorization(),
          "{\"title\":\"bench\",\"priority\":3,\"code\":\"w\",\"tag\":\"w\"}",
          mode.warmup().dividedBy(3));
      warming.done();
      var throughputs = new ArrayList<List<Double>>();
      MAXIMUM.forEach(m -> throughputs.add(new ArrayList<>()));
      for (int round = 0; round < mode.rounds(); round++) {
        for (int i = 0; i < MAXIMUM.size(); i++) {
          int index = (i + round) % MAXIMUM.size();
          var name = MAXIMUM.get(index);
          var step =
              progress.step(
                  String.format(
                      "round %d/%d: maximum throughput of %s", round + 1, mode.rounds(), name));
          var result =
              switch (name) {
                case "me" -> wrk.run(base, mePaths, consumer.authorization(), mode.slice());
                case "read cached" ->
                    wrk.run(base, cachedPaths, consumer.authorization(), mode.slice());
                default ->
                    wrk.runPost(
                        base + "/api/v1/collections/" + SCRATCH + "/records",
                        consumer.authorization(),
                        "{\"title\":\"bench\",\"priority\":3,\"code\":\"w\",\"tag\":\"w\"}",
                        mode.slice());
              };
          if (result.errors() > 0) {
            step.failed();
            throw new IllegalStateException(name + " answered " + result.errors() + " errors");
          }
          throughputs.get(index).add(result.requestsPerSecond());
          step.done(String.format("%.0f requests/s", result.requestsPerSecond()));
        }
      }

      var runs = new ArrayList<Run>();
      var path = "/api/v1/collections/" + COLLECTION + "/records";
      for (var cache : List.of("records", "records-near")) {
        http.call("DELETE", api + "/admin/caches/" + cache, admin.authorization());
      }
      runs.add(
          fixed(
              base,
              consumer,
              "read by id, uncached",
              n -> path + "/" + ids.get((int) (n % RECORDS)),
              200));
      runs.add(
          fixed(
              base,
              consumer,
              "read by id, cached",
              n -> path + "/" + ids.get((int) (n % CACHED)),
              200));
      runs.add(
          fixed(
              base,
              consumer,
              INDEXED,
              n -> path + "?limit=10&filter=" + encode("code==c-" + (n * 7919 % RECORDS)),
              20));
      runs.add(
          fixed(
              base,
              consumer,
              UNINDEXED,
              n -> path + "?limit=10&filter=" + encode("tag==t-" + (n * 7919 % RECORDS)),
              20));
      runs.add(fixed(base, consumer, FIRST_PAGE, n -> path + "?limit=" + PAGE, 50));
      runs.add(
          fixed(base, consumer, DEEP, n -> path + "?limit=" + PAGE + "&after=" + deepCursor, 50));
      return new Figures(loadRate, MAXIMUM, throughputs, runs);
    } finally {
      http.call("DELETE", api + "/admin/collections/" + SCRATCH, admin.authorization());
    }
  }

  private String warmup() {
    return mode.warmup().toSeconds() + " s";
  }

  /**
   * Makes the records the collection lacks, 16 requests at a time, as {@code consumer}; answers how
   * many it made per second (NaN when none were missing).
   */
  private double fill(String records, Tokens consumer) {
    var page =
        BenchHttp.object(
            http.call("GET", records + "?limit=1&fields=id&total=true", consumer.authorization()));
    int present = page.getInt("total");
    if (present >= RECORDS) {
      progress.line(String.format("  %,d records in %s already", present, COLLECTION));
      return Double.NaN;
    }
    var step =
        progress.step(
            String.format(
                "making %,d records of %s through the API", RECORDS - present, COLLECTION));
    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var next = new AtomicInteger(present);
    var failed = new AtomicInteger();
    long started = System.nanoTime();
    try (var pool = Executors.newFixedThreadPool(16)) {
      for (int worker = 0; worker < 16; worker++) {
        pool.submit(
            () -> {
              for (int n = next.getAndIncrement(); n < RECORDS; n = next.getAndIncrement()) {
                var body =
                    String.format(
                        "{\"title\":\"item %d\",\"status\":\"%s\",\"priority\":%d,"
                            + "\"code\":\"c-%d\",\"tag\":\"t-%d\"}",
                        n, n % 3 == 0 ? "done" : "open", 1 + n % 5, n, n);
                if (!created(client, records, consumer, body)) {
                  failed.incrementAndGet();
                }
                if (n > 0 && n % 20_000 == 0) {
                  progress.line(String.format("    %,d records", n));
                }
              }
              return null;
            });
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failed.get() > 0) {
      step.failed();
      throw new IllegalStateException(failed.get() + " records could not be made");
    }
    double rate = (RECORDS - present) / seconds;
    step.done(String.format("%.0f records/s", rate));
    return rate;
  }

  private static boolean created(HttpClient client, String records, Tokens consumer, String body) {
    try {
      return client
              .send(
                  HttpRequest.newBuilder(URI.create(records))
                      .header("Authorization", consumer.authorization())
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 201;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Every record's id, in the list's order, by keyset pages of {@value #WALK} (a divisor of where
   * the page {@value #DEEP_PAGE} of {@value #PAGE} starts); answers that page's cursor.
   */
  private String ids(String records, Tokens consumer, List<String> ids) {
    var step = progress.step("reading the ids of " + COLLECTION + " page by page");
    String cursor = null;
    String deep = null;
    do {
      var page =
          BenchHttp.object(
              http.call(
                  "GET",
                  records
                      + "?limit="
                      + WALK
                      + "&fields=id"
                      + (cursor == null ? "" : "&after=" + encode(cursor)),
                  consumer.authorization()));
      page.getJsonArray("items").getValuesAs(JsonObject.class).stream()
          .map(item -> item.getString("id"))
          .forEach(ids::add);
      cursor = page.getString("next", null);
      if (deep == null && ids.size() == PAGE * (DEEP_PAGE - 1)) {
        deep = cursor;
      }
    } while (cursor != null);
    if (ids.size() < RECORDS || deep == null) {
      step.failed();
      throw new IllegalStateException(
          COLLECTION + " lists " + ids.size() + " records, not " + RECORDS);
    }
    step.done(String.format("%,d ids", ids.size()));
    return encode(deep);
  }

  private Run fixed(
      String base, Tokens consumer, String name, LongFunction<String> paths, double rate) {
    var step = progress.step(String.format("latency of %s at %.0f requests/s", name, rate));
    var before = near(base);
    var result =
        OpenModelLoad.run(
            URI.create(base),
            paths,
            consumer::authorization,
            rate,
            mode.slice().multipliedBy(2),
            4);
    var after = near(base);
    long reads = after[0] + after[1] - before[0] - before[1];
    double ratio = reads == 0 ? Double.NaN : (double) (after[0] - before[0]) / reads;
    step.done(
        String.format(
            "p50 %.1f ms, p99 %.1f ms, near cache hit ratio %.2f, %d errors",
            Bench.millis(result.latencies().percentile(50)),
            Bench.millis(result.latencies().percentile(99)),
            ratio,
            result.errors()));
    return new Run(name, result, ratio);
  }

  /** Hits and misses of the near cache of records so far, on the instance measured (live). */
  private long[] near(String base) {
    return http.hitsAndMisses(base, "records-near", admin.authorization());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
