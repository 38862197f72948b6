package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ratelimit} scenario: the maximum throughput and the latency of {@code GET /api/v1/me}
 * with rate limiting off (the bench policy disabled: no policy applies), in {@code local} mode and
 * in {@code exact} mode, alternated in one run. The policy partitions by subject and every request
 * is the same user's: one hot counter, the worst case for exact counting. Its quota is never
 * reached, so every request is counted and admitted.
 */
final class RateLimitScenario {

  static final List<String> MODES = List.of("off", "local", "exact");
  static final String POLICY = "bench-me";

  private final BenchMode mode;
  private final Wrk wrk;
  private final Progress progress;
  private final int connections;
  private final BenchHttp http = new BenchHttp();

  /** One mode's figures: maximum throughput per round, and latency at a fixed rate. */
  record Run(String mode, List<Double> throughputs, OpenModelLoad.Result latency) {
    double median() {
      var sorted = throughputs.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  /**
   * @param latencyRate the fixed rate of the latency measurements: half of the throughput without
   *     rate limiting
   */
  record Figures(int instances, String through, double latencyRate, List<Run> runs) {
    Run run(String mode) {
      return runs.stream().filter(r -> r.mode().equals(mode)).findFirst().orElseThrow();
    }
  }

  RateLimitScenario(BenchMode mode, Wrk wrk, int connections, Progress progress) {
    this.mode = mode;
    this.wrk = wrk;
    this.connections = connections;
    this.progress = progress;
  }

  /**
   * @param base where the load goes (an instance, or the load balancer)
   * @param through what {@code base} is, for the report
   */
  Figures run(int instances, String base, String through, Tokens admin, Tokens consumer) {
    var policies = base + "/api/v1/admin/rate-limit-policies";
    var id = ensurePolicy(policies, admin);
    var url = base + "/api/v1/me";
    try {
      setMode(policies + "/" + id, admin, "exact");
      var warming =
          progress.step(
              "warming up the rate-limited call on "
                  + instances
                  + " instance(s) for "
                  + mode.warmup().toSeconds()
                  + " s");
      wrk.run(url, consumer.authorization(), mode.warmup());
      warming.done();
      var throughputs = new ArrayList<List<Double>>();
      MODES.forEach(m -> throughputs.add(new ArrayList<>()));
      for (int round = 0; round < mode.rounds(); round++) {
        // each mode goes first, second and last equally often: a drift of the machine evens out
        for (int i = 0; i < MODES.size(); i++) {
          int index = (i + round) % MODES.size();
          var limiting = MODES.get(index);
          setMode(policies + "/" + id, admin, limiting);
          var step =
              progress.step(
                  String.format(
                      "round %d/%d: maximum throughput, rate limiting %s, %d instance(s)",
                      round + 1, mode.rounds(), limiting, instances));
          var result = wrk.run(url, consumer.authorization(), mode.slice());
          if (result.errors() > 0) {
            throw new IllegalStateException(
                "rate limiting "
                    + limiting
                    + ": "
                    + result.errors()
                    + " errors (the bench policy's quota is never reached)");
          }
          throughputs.get(index).add(result.requestsPerSecond());
          step.done(String.format("%.0f requests/s", result.requestsPerSecond()));
        }
      }
      var off = new Run("off", throughputs.getFirst(), null);
      double rate = off.median() * 0.5;
      var runs = new ArrayList<Run>();
      for (int index = 0; index < MODES.size(); index++) {
        var limiting = MODES.get(index);
        setMode(policies + "/" + id, admin, limiting);
        var step =
            progress.step(
                String.format("latency at %.0f requests/s, rate limiting %s", rate, limiting));
        var latency =
            OpenModelLoad.run(
                url, consumer::authorization, rate, mode.slice().multipliedBy(2), connections);
        step.done(
            String.format(
                "p50 %.1f ms, p99 %.1f ms",
                Bench.millis(latency.latencies().percentile(50)),
                Bench.millis(latency.latencies().percentile(99))));
        runs.add(new Run(limiting, throughputs.get(index), latency));
      }
      return new Figures(instances, through, rate, runs);
    } finally {
      setMode(policies + "/" + id, admin, "off");
    }
  }

  /** The bench policy's id: created disabled, or found from an earlier run. */
  private String ensurePolicy(String policies, Tokens admin) {
    var existing =
        BenchHttp.array(http.call("GET", policies, admin.authorization()))
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(policy -> policy.getString("name").equals(POLICY))
            .findFirst();
    if (existing.isPresent()) {
      return existing.get().getJsonNumber("id").toString();
    }
    var created = http.send("POST", policies, admin.authorization(), policy("exact", false));
    return BenchHttp.object(created).getJsonNumber("id").toString();
  }

  private void setMode(String policy, Tokens admin, String limiting) {
    var body = limiting.equals("off") ? policy("exact", false) : policy(limiting, true);
    http.send("PUT", policy, admin.authorization(), body);
  }

  /** A quota never reached in a run (a billion a minute), counted per subject. */
  private static String policy(String limiting, boolean enabled) {
    return """
        {"name":"%s","quota":1000000000,"windowSeconds":60,"algorithm":"sliding-window",
         "partitionBy":"subject","appliesTo":{"paths":["/api/v1/me"]},"mode":"%s",
         "enabled":%s}"""
        .formatted(POLICY, limiting, enabled);
  }
}
