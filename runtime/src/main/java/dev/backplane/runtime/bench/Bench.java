package dev.backplane.runtime.bench;

import dev.backplane.runtime.Distribution;
import dev.backplane.runtime.LaunchException;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.Settings;
import dev.backplane.runtime.keycloak.KeycloakServer;
import dev.backplane.runtime.payara.Deployment;
import dev.backplane.runtime.platform.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code ./backplane bench}: starts the platform as {@code up} does, plus a bench-only WAR whose
 * trivial endpoint is the ceiling of this machine and server, then measures each scenario and
 * returns the figures for the report.
 */
public final class Bench {

  public static final Set<String> SCENARIOS =
      Set.of(
          "ceiling",
          "me",
          "users",
          "startup",
          "cluster",
          "ratelimit",
          "overload",
          "neighbours",
          "collections",
          "events",
          "gateway");

  /**
   * The scenarios measured on one instance; the cluster scenario starts a cluster of its own, and
   * rate limiting is measured on both.
   */
  private static final Set<String> ONE_INSTANCE =
      Set.of("ceiling", "me", "users", "startup", "ratelimit", "overload", "gateway");

  /** The scenarios measured on a cluster. */
  public static final Set<String> ON_A_CLUSTER =
      Set.of("cluster", "ratelimit", "neighbours", "collections", "events");

  private final Settings settings;
  private final BenchMode mode;
  private final Set<String> scenarios;
  private final Progress progress;

  /** Connections of both load generators: enough that the server, not the client, is the limit. */
  private static final int CONNECTIONS = 16;

  private final Wrk wrk = new Wrk(1, CONNECTIONS);

  public Bench(Settings settings, BenchMode mode, Set<String> scenarios, Progress progress) {
    this.settings = settings;
    this.mode = mode;
    this.scenarios = scenarios;
    this.progress = progress;
  }

  /** An endpoint under load: the ceiling's or the API's. */
  private record Target(String name, String path) {}

  /** One endpoint's figures: maximum throughput and latencies at fixed rates below it. */
  public record Endpoint(
      String name,
      String path,
      List<Double> throughputs,
      double instanceCores,
      OpenModelLoad.Result atHalf,
      OpenModelLoad.Result atFourFifths) {

    public double medianThroughput() {
      var sorted = throughputs.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  /** The soak: instance memory over a long run at half of the API's maximum. */
  public record Soak(
      Duration duration,
      double rate,
      List<Double> rssMegabytes,
      double liveHeapBefore,
      double liveHeapAfter,
      int errors) {}

  /**
   * What the scenarios measured; the figures of a scenario not run are empty (lists), null (soak,
   * cluster) or NaN (the idle memory, measured whenever the one-instance platform runs).
   */
  public record Figures(
      BenchMode mode,
      Instant started,
      Duration took,
      List<Endpoint> endpoints,
      List<Duration> instanceStartups,
      List<Duration> keycloakStartups,
      double idleInstanceRss,
      double idleKeycloakRss,
      Soak soak,
      List<UsersScenario.Run> users,
      RateLimitScenario.Figures rateLimits,
      OverloadScenario.Figures overload,
      GatewayScenario.Figures gateway,
      ClusterScenario.Figures cluster) {}

  /** The figures of the scenarios run on one instance. */
  private record OneInstance(
      List<Endpoint> endpoints,
      List<Duration> instanceStartups,
      List<Duration> keycloakStartups,
      double idleInstanceRss,
      double idleKeycloakRss,
      Soak soak,
      List<UsersScenario.Run> users,
      RateLimitScenario.Figures rateLimits,
      OverloadScenario.Figures overload,
      GatewayScenario.Figures gateway) {

    static final OneInstance NOT_RUN =
        new OneInstance(
            List.of(),
            List.of(),
            List.of(),
            Double.NaN,
            Double.NaN,
            null,
            List.of(),
            null,
            null,
            null);
  }

  public Figures run() {
    Wrk.requireInstalled();
    var started = Instant.now();
    var realms = List.of(new Distribution(settings.distribution()).devRealm());
    var one =
        scenarios.stream().anyMatch(ONE_INSTANCE::contains)
            ? onOneInstance(realms)
            : OneInstance.NOT_RUN;
    var cluster =
        scenarios.stream().anyMatch(ON_A_CLUSTER::contains)
            ? new ClusterScenario(settings, realms, mode, wrk, CONNECTIONS, scenarios, progress)
                .run()
            : null;
    return new Figures(
        mode,
        started,
        Duration.between(started, Instant.now()),
        one.endpoints(),
        one.instanceStartups(),
        one.keycloakStartups(),
        one.idleInstanceRss(),
        one.idleKeycloakRss(),
        one.soak(),
        one.users(),
        one.rateLimits(),
        one.overload(),
        one.gateway(),
        cluster);
  }

  private OneInstance onOneInstance(List<Path> realms) {
    var ceilingWar = settings.distribution().resolve("ceiling.war");
    if (!Files.isRegularFile(ceilingWar)) {
      throw new LaunchException("The bench WAR " + ceilingWar + " is missing; run mvn package.");
    }
    var platform = new Platform(settings, realms, List.of(new Deployment(ceilingWar, "/ceiling")));
    return onStarted(platform, progress, () -> measureOnOneInstance(platform));
  }

  /**
   * Starts the platform as up does, runs the measurements, and stops it, also on Ctrl-C. An
   * instance that records the JDK's startup cache is restarted first, to measure instances as up
   * runs them.
   */
  static <T> T onStarted(Platform platform, Progress progress, Supplier<T> measurements) {
    var stopOnExit = new Thread(platform::close, "bench-shutdown");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      platform.start(progress);
      if (platform.recordsStartupCache()) {
        progress.line(
            "  An instance recorded the JDK's startup cache; restarting it, to measure instances"
                + " as up runs them.");
        platform.restartInstance(progress);
      }
      return measurements.get();
    } finally {
      platform.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or has run: nothing left to do
      }
    }
  }

  private OneInstance measureOnOneInstance(Platform platform) {
    Supplier<ProcessHandle> instance =
        () -> ProcessHandle.of(platform.process("instance-1").pid()).orElseThrow();
    var idleInstance = settle(instance);
    var idleKeycloak =
        ProcessStats.of(ProcessHandle.of(platform.process(KeycloakServer.NAME).pid()).orElseThrow())
            .rssMegabytes();

    var endpoints = new ArrayList<Endpoint>();
    Soak soak = null;
    if (scenarios.contains("ceiling") || scenarios.contains("me")) {
      var tokens = new Tokens(settings.issuer());
      endpoints.addAll(throughputAndLatency(instance, tokens));
      if (!mode.soak().isZero()) {
        var me = endpoints.stream().filter(e -> e.name().equals("me")).findFirst().orElseThrow();
        soak = soak(instance, tokens, me.medianThroughput() / 2);
      }
    }
    var users = List.<UsersScenario.Run>of();
    if (scenarios.contains("users")) {
      users =
          new UsersScenario(
                  settings.keycloakUrl(),
                  settings.issuer(),
                  "http://127.0.0.1:" + settings.httpPort(),
                  progress)
              .run(mode.slice());
    }
    RateLimitScenario.Figures rateLimits = null;
    if (scenarios.contains("ratelimit")) {
      rateLimits =
          new RateLimitScenario(mode, wrk, CONNECTIONS, progress)
              .run(
                  1,
                  "http://127.0.0.1:" + settings.httpPort(),
                  "the instance",
                  new Tokens(settings.issuer(), "admin", "admin"),
                  new Tokens(settings.issuer()));
    }
    OverloadScenario.Figures overload = null;
    if (scenarios.contains("overload")) {
      overload =
          new OverloadScenario(mode, wrk, progress)
              .run(
                  "http://127.0.0.1:" + settings.httpPort(),
                  new Tokens(settings.issuer()),
                  instance.get().pid());
    }
    GatewayScenario.Figures gateway = null;
    if (scenarios.contains("gateway")) {
      gateway =
          new GatewayScenario(mode, wrk, CONNECTIONS, progress)
              .run(
                  "http://127.0.0.1:" + settings.httpPort(),
                  settings.publicHttpsUrl(),
                  settings.certificate().trustingContext(),
                  new Tokens(settings.issuer(), "admin", "admin"),
                  new Tokens(settings.issuer()));
    }
    var instanceStartups = new ArrayList<Duration>();
    var keycloakStartups = new ArrayList<Duration>();
    if (scenarios.contains("startup")) {
      int times = mode == BenchMode.QUICK ? 1 : 3;
      for (int i = 0; i < times; i++) {
        instanceStartups.add(platform.restartInstance(progress));
        keycloakStartups.add(platform.restartKeycloak(progress));
      }
    }
    return new OneInstance(
        endpoints,
        instanceStartups,
        keycloakStartups,
        idleInstance,
        idleKeycloak,
        soak,
        users,
        rateLimits,
        overload,
        gateway);
  }

  private List<Endpoint> throughputAndLatency(Supplier<ProcessHandle> instance, Tokens tokens) {
    var base = "http://127.0.0.1:" + settings.httpPort();
    var targets = List.of(new Target("ceiling", "/ceiling/me"), new Target("me", "/api/v1/me"));
    Supplier<String> auth = tokens::authorization;

    for (var target : targets) {
      var step =
          progress.step("warming up " + target.name() + " for " + mode.warmup().toSeconds() + " s");
      wrk.run(base + target.path(), auth.get(), mode.warmup());
      step.done();
    }
    var throughputs = new ArrayList<List<Double>>(List.of(new ArrayList<>(), new ArrayList<>()));
    var cores = new double[2];
    for (int round = 0; round < mode.rounds(); round++) {
      // ABBA: each endpoint goes first as often as the other, so a drift of the machine evens out
      var order = round % 2 == 0 ? List.of(0, 1) : List.of(1, 0);
      for (int index : order) {
        var target = targets.get(index);
        var step =
            progress.step(
                "round "
                    + (round + 1)
                    + "/"
                    + mode.rounds()
                    + ": maximum throughput of "
                    + target.name());
        var before = ProcessStats.of(instance.get());
        var wallBefore = System.nanoTime();
        var result = wrk.run(base + target.path(), auth.get(), mode.slice());
        var wall = (System.nanoTime() - wallBefore) / 1e9;
        cores[index] +=
            (ProcessStats.of(instance.get()).cpuSeconds() - before.cpuSeconds())
                / wall
                / mode.rounds();
        if (result.errors() > 0) {
          throw new IllegalStateException(
              target.name() + " answered " + result.errors() + " errors under load");
        }
        throughputs.get(index).add(result.requestsPerSecond());
        step.done(String.format("%.0f requests/s", result.requestsPerSecond()));
      }
    }
    var endpoints = new ArrayList<Endpoint>();
    for (int index = 0; index < targets.size(); index++) {
      var target = targets.get(index);
      var median =
          throughputs.get(index).stream().sorted().toList().get(throughputs.get(index).size() / 2);
      var half = fixedRate(base + target.path(), auth, target.name(), median * 0.5);
      var fourFifths = fixedRate(base + target.path(), auth, target.name(), median * 0.8);
      endpoints.add(
          new Endpoint(
              target.name(),
              target.path(),
              throughputs.get(index),
              cores[index],
              half,
              fourFifths));
    }
    return endpoints;
  }

  private OpenModelLoad.Result fixedRate(
      String url, Supplier<String> auth, String name, double rate) {
    var step = progress.step(String.format("latency of %s at %.0f requests/s", name, rate));
    var result = OpenModelLoad.run(url, auth, rate, mode.slice().multipliedBy(2), CONNECTIONS);
    step.done(
        String.format(
            "p50 %.1f ms, p99 %.1f ms",
            millis(result.latencies().percentile(50)), millis(result.latencies().percentile(99))));
    return result;
  }

  private Soak soak(Supplier<ProcessHandle> instance, Tokens tokens, double rate) {
    var step =
        progress.step(
            String.format("memory over %d min at %.0f requests/s", mode.soak().toMinutes(), rate));
    var liveHeapBefore = ProcessStats.liveHeapMegabytes(instance.get().pid());
    var samples = new ArrayList<Double>();
    var sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> {
          synchronized (samples) {
            samples.add(ProcessStats.of(instance.get()).rssMegabytes());
          }
        },
        0,
        15,
        TimeUnit.SECONDS);
    try {
      var result =
          OpenModelLoad.run(
              "http://127.0.0.1:" + settings.httpPort() + "/api/v1/me",
              tokens::authorization,
              rate,
              mode.soak(),
              CONNECTIONS);
      step.done();
      var liveHeapAfter = ProcessStats.liveHeapMegabytes(instance.get().pid());
      synchronized (samples) {
        return new Soak(
            mode.soak(),
            rate,
            List.copyOf(samples),
            liveHeapBefore,
            liveHeapAfter,
            result.errors());
      }
    } finally {
      sampler.shutdownNow();
    }
  }

  /** The instance's resident memory once it has been idle for a few seconds after startup. */
  private static double settle(Supplier<ProcessHandle> instance) {
    try {
      Thread.sleep(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ProcessStats.of(instance.get()).rssMegabytes();
  }

  static double millis(Duration duration) {
    return duration.toNanos() / 1e6;
  }

  static Duration median(List<Duration> durations) {
    var sorted = durations.stream().sorted(Comparator.naturalOrder()).toList();
    return sorted.get(sorted.size() / 2);
  }
}
