package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code neighbours} scenario, on the cluster behind HAProxy: one caller ({@code alice}) floods
 * {@code GET /api/v1/me} as fast as wrk can send it under an {@code exact} policy per subject, so
 * that nearly all of it is refused, while another ({@code operator}) calls at {@value #VICTIM_RATE}
 * requests a second. Its latency with the flood, against its latency at rest in the same run: one
 * caller must not slow the others down.
 */
final class NeighboursScenario {

  static final double VICTIM_RATE = 10;
  static final String POLICY = "bench-neighbours";

  private final BenchMode mode;
  private final Wrk wrk;
  private final Progress progress;
  private final BenchHttp http = new BenchHttp();

  /**
   * @param floodRate the flood's requests per second (answered, nearly all 429)
   */
  record Figures(OpenModelLoad.Result atRest, OpenModelLoad.Result underFlood, double floodRate) {}

  NeighboursScenario(BenchMode mode, Wrk wrk, Progress progress) {
    this.mode = mode;
    this.wrk = wrk;
    this.progress = progress;
  }

  Figures run(String base, Tokens admin, Tokens flooder, Tokens victim) {
    var url = base + "/api/v1/me";
    var measured = mode.slice().multipliedBy(2);
    // before the policy: the warm-up would use up the victim's quota
    var warming = progress.step("warming up /api/v1/me through HAProxy");
    wrk.run(url, victim.authorization(), mode.warmup());
    warming.done();
    var policies = base + "/api/v1/admin/rate-limit-policies";
    var created = http.send("POST", policies, admin.authorization(), policy());
    var policy = policies + "/" + BenchHttp.object(created).getJsonNumber("id");
    try {
      var atRest = victim(url, victim, measured, "at rest");
      var flood =
          CompletableFuture.supplyAsync(
              () -> wrk.run(url, flooder.authorization(), measured.plusSeconds(4)));
      var underFlood = victim(url, victim, measured, "while alice floods");
      var flooded = flood.join();
      return new Figures(atRest, underFlood, flooded.requestsPerSecond());
    } finally {
      http.call("DELETE", policy, admin.authorization());
    }
  }

  private OpenModelLoad.Result victim(String url, Tokens victim, Duration duration, String when) {
    var step = progress.step(String.format("operator at %.0f requests/s, %s", VICTIM_RATE, when));
    var result = OpenModelLoad.run(url, victim::authorization, VICTIM_RATE, duration, 2);
    step.done(
        String.format(
            "p50 %.1f ms, p99 %.1f ms%s",
            Bench.millis(result.latencies().percentile(50)),
            Bench.millis(result.latencies().percentile(99)),
            result.errors() > 0 ? " (" + result.errors() + " not 200)" : ""));
    return result;
  }

  /** Per subject, exact: the flood uses up alice's quota at once, operator never reaches his. */
  private static String policy() {
    return """
        {"name":"%s","quota":1000,"windowSeconds":60,"algorithm":"fixed-window",
         "partitionBy":"subject","mode":"exact","appliesTo":{"paths":["/api/v1/me"]}}"""
        .formatted(POLICY);
  }
}
