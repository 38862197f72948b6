package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import dev.backplane.runtime.Settings;
import dev.backplane.runtime.loadbalancer.LoadBalancer;
import dev.backplane.runtime.platform.Platform;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code cluster} scenario, on a cluster of {@value #INSTANCES} instances behind HAProxy as
 * {@code up --instances 3} runs it: the maximum throughput of a cached read (one of {@value
 * #CACHED_USERS} users by id) through the load balancer with one instance in service and with all
 * three, alternated in one run (the two others are put into HAProxy's maintenance, so the cluster
 * and its cache stay the same), the cache's hit ratio over each measurement, and how long the
 * cluster and the load balancer take to notice an instance killed with SIGKILL.
 */
final class ClusterScenario {

  static final int INSTANCES = 3;
  static final int CACHED_USERS = 20;
  private static final String VICTIM = "instance-" + INSTANCES;
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration NOTICE_LIMIT = Duration.ofSeconds(60);

  private final Settings settings;
  private final List<Path> realms;
  private final BenchMode mode;
  private final Progress progress;
  private final Wrk wrk;
  private final int connections;
  private final Set<String> scenarios;
  private final BenchHttp http = new BenchHttp();

  /**
   * One configuration's maximum throughput of the cached read.
   *
   * @param serving instances in the load balancer's service
   * @param cores CPU used by the instances and HAProxy together, in cores
   * @param hitRatio the users cache's hits / reads over the measurements, on every instance
   */
  record Reads(int serving, List<Double> throughputs, double cores, double hitRatio, long errors) {

    double median() {
      var sorted = throughputs.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  /**
   * One SIGKILL of an instance.
   *
   * @param clusterNoticed until the others' cluster view no longer holds it
   * @param balancerNoticed until HAProxy marks it DOWN
   * @param back from its start again until it is ready and in the view again
   */
  record Kill(Duration clusterNoticed, Duration balancerNoticed, Duration back) {}

  /**
   * @param rateLimits the {@code ratelimit} scenario's figures through the load balancer (null when
   *     not run); reads and kills are empty when only that one ran
   */
  record Figures(
      List<Reads> reads,
      List<Kill> kills,
      RateLimitScenario.Figures rateLimits,
      NeighboursScenario.Figures neighbours,
      CollectionsScenario.Figures collections,
      EventsScenario.Figures events) {}

  ClusterScenario(
      Settings settings,
      List<Path> realms,
      BenchMode mode,
      Wrk wrk,
      int connections,
      Set<String> scenarios,
      Progress progress) {
    this.settings = settings.withInstances(INSTANCES);
    this.realms = realms;
    this.mode = mode;
    this.wrk = wrk;
    this.connections = connections;
    this.scenarios = scenarios;
    this.progress = progress;
  }

  Figures run() {
    var platform = new Platform(settings, realms);
    return Bench.onStarted(
        platform,
        progress,
        () -> {
          var admin = new Tokens(settings.issuer(), "admin", "admin");
          var balancer = platform.loadBalancer().orElseThrow();
          var reads = List.<Reads>of();
          if (scenarios.contains("cluster")) {
            var paths =
                new BenchUsers(settings.keycloakUrl(), progress)
                    .ensure(CACHED_USERS).stream().map(id -> "/api/v1/users/" + id).toList();
            reads = reads(platform, balancer, admin, paths);
          }
          RateLimitScenario.Figures rateLimits = null;
          if (scenarios.contains("ratelimit")) {
            serve(balancer, INSTANCES);
            rateLimits =
                new RateLimitScenario(mode, wrk, connections, progress)
                    .run(
                        INSTANCES,
                        "http://127.0.0.1:" + settings.httpPort(),
                        "HAProxy",
                        admin,
                        new Tokens(settings.issuer()));
          }
          NeighboursScenario.Figures neighbours = null;
          if (scenarios.contains("neighbours")) {
            serve(balancer, INSTANCES);
            neighbours =
                new NeighboursScenario(mode, wrk, progress)
                    .run(
                        "http://127.0.0.1:" + settings.httpPort(),
                        admin,
                        new Tokens(settings.issuer()),
                        new Tokens(settings.issuer(), "operator", "operator"));
          }
          CollectionsScenario.Figures collections = null;
          if (scenarios.contains("collections")) {
            // one instance, directly: its near cache and its JIT see all the load
            collections =
                new CollectionsScenario(mode, wrk, admin, progress)
                    .run(instanceUrl(1), new Tokens(settings.issuer()));
          }
          EventsScenario.Figures events = null;
          if (scenarios.contains("events")) {
            serve(balancer, INSTANCES);
            events =
                new EventsScenario(mode, admin, progress)
                    .run(
                        List.of(instanceUrl(1), instanceUrl(2), instanceUrl(INSTANCES)),
                        "http://127.0.0.1:" + settings.httpPort(),
                        new Tokens(settings.issuer()));
          }
          var kills = new ArrayList<Kill>();
          if (scenarios.contains("cluster")) {
            int times = mode == BenchMode.QUICK ? 1 : 3;
            for (int i = 0; i < times; i++) {
              kills.add(kill(platform, balancer, admin));
            }
          }
          return new Figures(reads, kills, rateLimits, neighbours, collections, events);
        });
  }

  private List<Reads> reads(
      Platform platform, LoadBalancer balancer, Tokens admin, List<String> paths) {
    var url = "http://127.0.0.1:" + settings.httpPort();
    // each instance on its own first: through the balancer each would get a third of the load,
    // and the JIT of three JVMs sharing two cores takes minutes to settle (measured: the rounds
    // kept rising, 821 to 2,469 requests/s, after a 60 s warm-up through the balancer)
    for (int n = 1; n <= INSTANCES; n++) {
      var step =
          progress.step(
              "warming up the cached read on instance-"
                  + n
                  + " for "
                  + mode.warmup().toSeconds()
                  + " s");
      wrk.run(instanceUrl(n), paths, admin.authorization(), mode.warmup());
      step.done();
    }
    var configurations = List.of(1, INSTANCES);
    var throughputs = List.<List<Double>>of(new ArrayList<>(), new ArrayList<>());
    var cores = new double[2];
    var hits = new long[2];
    var misses = new long[2];
    var errors = new long[2];
    for (int round = 0; round < mode.rounds(); round++) {
      // ABBA, as for the API against the ceiling
      for (int index : round % 2 == 0 ? List.of(0, 1) : List.of(1, 0)) {
        int serving = configurations.get(index);
        serve(balancer, serving);
        var measuring =
            progress.step(
                String.format(
                    "round %d/%d: cached read through the load balancer, %d of %d instances in"
                        + " service",
                    round + 1, mode.rounds(), serving, INSTANCES));
        var before = statistics(platform, admin);
        var cpuBefore = cpuSeconds(platform);
        long started = System.nanoTime();
        var result = wrk.run(url, paths, admin.authorization(), mode.slice());
        double wall = (System.nanoTime() - started) / 1e9;
        cores[index] += (cpuSeconds(platform) - cpuBefore) / wall / mode.rounds();
        var after = statistics(platform, admin);
        hits[index] += after[0] - before[0];
        misses[index] += after[1] - before[1];
        errors[index] += result.errors();
        throughputs.get(index).add(result.requestsPerSecond());
        measuring.done(String.format("%.0f requests/s", result.requestsPerSecond()));
      }
    }
    serve(balancer, INSTANCES);
    var reads = new ArrayList<Reads>();
    for (int index = 0; index < configurations.size(); index++) {
      long total = hits[index] + misses[index];
      reads.add(
          new Reads(
              configurations.get(index),
              throughputs.get(index),
              cores[index],
              total == 0 ? 0 : (double) hits[index] / total,
              errors[index]));
    }
    return reads;
  }

  /** Puts the first {@code count} instances in service and the others in maintenance. */
  private void serve(LoadBalancer balancer, int count) {
    for (int n = 1; n <= INSTANCES; n++) {
      balancer.inService("instance-" + n, n <= count);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (balancer.states().values().stream().filter("UP"::equals).count() != count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "HAProxy does not have " + count + " instances UP: " + balancer.states());
      }
      pause(POLL);
    }
  }

  /** Hits and misses of the users cache on every instance so far (each instance's own, live). */
  private long[] statistics(Platform platform, Tokens admin) {
    long hits = 0;
    long misses = 0;
    for (int n = 1; n <= INSTANCES; n++) {
      var body =
          http.call("GET", instanceUrl(n) + "/api/v1/admin/caches/users", admin.authorization());
      var name = "instance-" + n;
      var own =
          BenchHttp.object(body).getJsonArray("instances").getValuesAs(JsonObject.class).stream()
              .filter(figures -> figures.getString("instance").equals(name))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException(name + " reports no figures of its own: " + body))
              .getJsonObject("statistics");
      hits += own.getJsonNumber("hits").longValue();
      misses += own.getJsonNumber("misses").longValue();
    }
    return new long[] {hits, misses};
  }

  private static double cpuSeconds(Platform platform) {
    return platform.processes().stream()
        .filter(p -> p.name().startsWith("instance-") || p.name().equals(LoadBalancer.NAME))
        .map(p -> ProcessHandle.of(p.pid()))
        .flatMap(Optional::stream)
        .mapToDouble(p -> ProcessStats.of(p).cpuSeconds())
        .sum();
  }

  /**
   * Kills the last instance with SIGKILL (no goodbye to the cluster, no drain), times until the
   * first instance's cluster view and HAProxy no longer count it, then starts it again.
   */
  private Kill kill(Platform platform, LoadBalancer balancer, Tokens admin) {
    var step = progress.step("SIGKILL to " + VICTIM + ": time until the cluster notices");
    var victim = platform.process(VICTIM);
    var handle = ProcessHandle.of(victim.pid()).orElseThrow();
    long killed = System.nanoTime();
    handle.destroyForcibly();
    Duration cluster = null;
    Duration balancerDown = null;
    while (cluster == null || balancerDown == null) {
      long now = System.nanoTime();
      if (now - killed > NOTICE_LIMIT.toNanos()) {
        step.failed();
        throw new IllegalStateException(
            VICTIM + " was not noticed gone within " + NOTICE_LIMIT.toSeconds() + " s");
      }
      if (cluster == null && !viewMembers(admin).contains(VICTIM)) {
        cluster = Duration.ofNanos(System.nanoTime() - killed);
      }
      if (balancerDown == null && "DOWN".equals(balancer.states().get(VICTIM))) {
        balancerDown = Duration.ofNanos(System.nanoTime() - killed);
      }
      pause(POLL);
    }
    step.done(
        String.format(
            "cluster %.1f s, load balancer %.1f s",
            Bench.millis(cluster) / 1000, Bench.millis(balancerDown) / 1000));
    handle.onExit().join();
    long restarted = System.nanoTime();
    platform.replaceExited(victim, progress);
    while (!viewMembers(admin).contains(VICTIM)) {
      if (System.nanoTime() - restarted > settings.instanceTimeout().toNanos()) {
        throw new IllegalStateException(VICTIM + " is ready but did not join the cluster's view");
      }
      pause(POLL);
    }
    var back = Duration.ofNanos(System.nanoTime() - restarted);
    serve(balancer, INSTANCES);
    return new Kill(cluster, balancerDown, back);
  }

  /** The members of the cluster view as the first instance sees it. */
  private String viewMembers(Tokens admin) {
    var body = http.call("GET", instanceUrl(1) + "/api/v1/admin/instances", admin.authorization());
    var view = BenchHttp.object(body).getJsonObject("view");
    if (view == null || !view.containsKey("members")) {
      throw new IllegalStateException("no cluster view in " + body);
    }
    return view.getJsonArray("members").toString();
  }

  private String instanceUrl(int n) {
    return "http://127.0.0.1:" + (settings.httpPort() + n);
  }

  /** Sleeps, as the scenarios do between their polls of a condition with a deadline. */
  static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
