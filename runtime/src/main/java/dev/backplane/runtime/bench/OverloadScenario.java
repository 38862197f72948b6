package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code overload} scenario on one instance: the maximum throughput of {@code GET /api/v1/me}
 * (wrk), then wrk offering the same call at half of it and at twice it over {@value #CONNECTIONS}
 * connections, while a probe ({@value #PROBE_RATE} requests a second, an open model: timed from
 * when each was due) measures what a caller meets. At twice its maximum an instance must shed the
 * excess at once (503) and keep the requests it admits about as fast as at half load.
 *
 * <p>The instance runs on one core and the load on the other (taskset), for the whole scenario: on
 * two shared cores the load generator itself falls behind long before the instance is overloaded.
 * The JVM's own generator could not offer twice the maximum from one core either (measured: about
 * 7,000 requests a second at most, the instance's maximum; seconds of latency at "twice", all of it
 * waiting in the generator): wrk offers the load, the JVM only probes it.
 */
final class OverloadScenario {

  /** Far more connections than the instance works on at once, so that the excess reaches it. */
  static final int CONNECTIONS = 256;

  static final double PROBE_RATE = 100;

  private final BenchMode mode;
  private final Wrk wrk;
  private final Progress progress;

  /**
   * @param offered the rate wrk aimed at
   * @param load what wrk measured: the rate it reached, and its answers other than 2xx (shed)
   * @param probe the probe's requests: latencies of the admitted ones, the shed ones
   */
  record Load(double offered, Wrk.Result load, OpenModelLoad.Result probe) {

    /** The share of the load answered other than 2xx. */
    double shedShare(Duration duration) {
      double sent = load.requestsPerSecond() * duration.toSeconds();
      return sent == 0 ? 0 : load.errors() / sent;
    }
  }

  /**
   * @param throughputs the maximum throughput per round (wrk, as for the API scenario)
   * @param pinned whether the instance and the load ran on cores of their own
   * @param duration how long each load lasted
   */
  record Figures(
      List<Double> throughputs, Load atHalf, Load atDouble, boolean pinned, Duration duration) {

    double median() {
      var sorted = throughputs.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  OverloadScenario(BenchMode mode, Wrk wrk, Progress progress) {
    this.mode = mode;
    this.wrk = wrk;
    this.progress = progress;
  }

  Figures run(String base, Tokens consumer, long instancePid) {
    var cores = Runtime.getRuntime().availableProcessors();
    var pinned =
        cores >= 2
            && pin(instancePid, "0")
            && pin(ProcessHandle.current().pid(), "1-" + (cores - 1));
    try {
      return measure(base, consumer, pinned);
    } finally {
      pin(instancePid, "0-" + (cores - 1));
      pin(ProcessHandle.current().pid(), "0-" + (cores - 1));
    }
  }

  /** Every thread of a process to these CPUs; false when that cannot be done here. */
  private static boolean pin(long pid, String cpus) {
    try {
      var taskset =
          new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      taskset.getInputStream().readAllBytes();
      return taskset.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Figures measure(String base, Tokens consumer, boolean pinned) {
    var url = base + "/api/v1/me";
    var warming = progress.step("warming up /api/v1/me for " + mode.warmup().toSeconds() + " s");
    wrk.run(url, consumer.authorization(), mode.warmup());
    warming.done();
    var throughputs = new ArrayList<Double>();
    for (int round = 0; round < mode.rounds(); round++) {
      var step =
          progress.step(
              String.format(
                  "round %d/%d: maximum throughput of /api/v1/me", round + 1, mode.rounds()));
      var result = wrk.run(url, consumer.authorization(), mode.slice());
      throughputs.add(result.requestsPerSecond());
      step.done(String.format("%.0f requests/s", result.requestsPerSecond()));
    }
    var max = throughputs.stream().sorted().toList().get(throughputs.size() / 2);
    var duration = mode.slice().multipliedBy(2);
    var half = offer(url, consumer, max * 0.5, duration);
    var twice = offer(url, consumer, max * 2, duration);
    return new Figures(throughputs, half, twice, pinned, duration);
  }

  private Load offer(String url, Tokens consumer, double rate, Duration duration) {
    var step = progress.step(String.format("offering %.0f requests/s", rate));
    var paced = new Wrk(1, CONNECTIONS);
    var load =
        CompletableFuture.supplyAsync(
            () -> paced.runPaced(url, consumer.authorization(), rate, CONNECTIONS, duration));
    // the probe starts once the load is on and ends before it does
    var probe =
        CompletableFuture.supplyAsync(
                () -> null, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS))
            .thenApply(
                none ->
                    OpenModelLoad.run(
                        url, consumer::authorization, PROBE_RATE, duration.minusSeconds(4), 4))
            .join();
    var offered = new Load(rate, load.join(), probe);
    step.done(
        String.format(
            "%.0f requests/s reached, %.1f%% shed; the probe's admitted p50 %.1f ms, p99 %.1f ms",
            offered.load().requestsPerSecond(),
            100 * offered.shedShare(duration),
            Bench.millis(probe.admitted().percentile(50)),
            Bench.millis(probe.admitted().percentile(99))));
    return offered;
  }
}
