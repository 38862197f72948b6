package dev.backplane.runtime.platform;

import dev.backplane.runtime.Distribution;
import dev.backplane.runtime.LaunchException;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.Settings;
import dev.backplane.runtime.keycloak.KeycloakServer;
import dev.backplane.runtime.loadbalancer.LoadBalancer;
import dev.backplane.runtime.payara.Deployment;
import dev.backplane.runtime.payara.PayaraInstance;
import dev.backplane.runtime.payara.StartupCache;
import dev.backplane.runtime.postgres.PostgresServer;
import dev.backplane.runtime.process.ManagedProcess;
import dev.backplane.runtime.process.PidFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The whole platform on this machine: Keycloak, then one instance on the HTTP port; or, for a
 * cluster, Keycloak and PostgreSQL, then the instances on the ports after it, started together, and
 * HAProxy on the HTTP port in front of them. Started and stopped as one, by {@code ./backplane up}
 * and by the system tests alike.
 */
public final class Platform implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final String LAUNCHER = "launcher";

  /** In the launcher's command line: the class name given to java or the jar's. */
  private static final String LAUNCHER_MARKER = "backplane-runtime";

  /** How long an instance of a cluster keeps serving after SIGTERM for HAProxy to notice. */
  private static final Duration BALANCER_DELAY = Duration.ofSeconds(3);

  /** Payara's --shutdowngrace: the most an instance may take to drain (see InstanceDrain). */
  private static final Duration CLUSTER_DRAIN = Duration.ofSeconds(10);

  private static final Duration SINGLE_DRAIN = Duration.ofSeconds(3);

  private final Settings settings;
  private final Distribution distribution;
  private final List<Path> realms;
  private final KeycloakServer keycloak;
  private final Optional<PostgresServer> postgres;
  private final List<PayaraInstance> instances;
  private final Optional<LoadBalancer> loadBalancer;
  private final List<ManagedProcess> started = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param realms the realm files Keycloak imports when it first sees them
   * @param extraDeployments WARs the instances deploy besides the platform's own (benchmarks)
   */
  public Platform(Settings settings, List<Path> realms, List<Deployment> extraDeployments) {
    this.settings = settings;
    this.distribution = new Distribution(settings.distribution());
    this.realms = List.copyOf(realms);
    this.keycloak = new KeycloakServer(settings, distribution);
    var startupCache =
        StartupCache.of(
            settings.data().resolve("aot"),
            PayaraInstance.inputs(distribution, extraDeployments),
            PayaraInstance.jvmOptions(settings));
    if (!settings.clustered()) {
      this.postgres = Optional.empty();
      this.loadBalancer = Optional.empty();
      this.instances =
          List.of(
              new PayaraInstance(
                  settings,
                  distribution,
                  1,
                  settings.httpPort(),
                  extraDeployments,
                  startupCache,
                  Map.of(),
                  SINGLE_DRAIN));
      return;
    }
    var database =
        new PostgresServer(
            settings.data().resolve("postgres"),
            settings.logs(),
            settings.run(),
            settings.postgresPort(),
            settings.instanceTimeout());
    this.postgres = Optional.of(database);
    var members = new ArrayList<String>();
    for (int n = 1; n <= settings.instances(); n++) {
      members.add("127.0.0.1[" + clusterPort(n) + "]");
    }
    var all = new ArrayList<PayaraInstance>();
    var ports = new ArrayList<Integer>();
    for (int n = 1; n <= settings.instances(); n++) {
      var environment = new HashMap<String, String>();
      environment.put("BACKPLANE_DB_URL", database.jdbcUrl());
      environment.put("BACKPLANE_DB_DATASOURCE_CLASS", "org.postgresql.ds.PGSimpleDataSource");
      environment.put("BACKPLANE_DB_USER", PostgresServer.USER);
      environment.put("BACKPLANE_DB_PASSWORD", PostgresServer.PASSWORD);
      // tcpping; jdbc tries the containers' discovery (through PostgreSQL) on this machine
      environment.put("BACKPLANE_CLUSTER_DISCOVERY", settings.clusterDiscovery());
      environment.put("BACKPLANE_CLUSTER_PORT", Integer.toString(clusterPort(n)));
      environment.put("BACKPLANE_CLUSTER_MEMBERS", String.join(",", members));
      environment.put(
          "BACKPLANE_SHUTDOWN_BALANCER_DELAY_MS", Long.toString(BALANCER_DELAY.toMillis()));
      // HAProxy, on this machine, says who the client is in X-Forwarded-For
      environment.put("BACKPLANE_RATE_LIMIT_TRUSTED_PROXIES", "127.0.0.1/32");
      int port = settings.httpPort() + n;
      ports.add(port);
      all.add(
          new PayaraInstance(
              settings,
              distribution,
              n,
              port,
              extraDeployments,
              startupCache,
              environment,
              CLUSTER_DRAIN));
    }
    this.instances = List.copyOf(all);
    this.loadBalancer =
        Optional.of(
            new LoadBalancer(
                settings.data().resolve("haproxy"),
                settings.logs(),
                settings.run(),
                settings.httpPort(),
                settings.httpsPort(),
                settings.certificate().bundle(),
                settings.loadBalancerStatsPort(),
                ports));
  }

  public Platform(Settings settings, List<Path> realms) {
    this(settings, realms, List.of());
  }

  private int clusterPort(int instance) {
    return settings.clusterPort() + instance - 1;
  }

  public Settings settings() {
    return settings;
  }

  public Distribution distribution() {
    return distribution;
  }

  /** The instances' own addresses (with one instance, also the platform's). */
  public List<String> instanceUrls() {
    return instances.stream().map(PayaraInstance::url).toList();
  }

  /** A cluster's load balancer (for its runtime API); none with one instance. */
  public Optional<LoadBalancer> loadBalancer() {
    return loadBalancer;
  }

  /** The load balancer's statistics page, for a cluster. */
  public Optional<String> loadBalancerStats() {
    return loadBalancer.map(LoadBalancer::statsUrl);
  }

  /** Checks everything that can be checked first, then starts the servers in order. */
  public void start(Progress progress) {
    distribution.verify();
    keycloak.checkPorts();
    postgres.ifPresent(PostgresServer::checkPort);
    instances.forEach(PayaraInstance::checkPort);
    loadBalancer.ifPresent(LoadBalancer::checkPorts);
    var certificate = settings.certificate();
    if (certificate.ensure()) {
      progress.line(
          "  HTTPS: made a development certificate for localhost, " + certificate.certificate());
    }
    keycloak.install(progress);
    started.add(keycloak.start(progress, realms));
    if (postgres.isEmpty()) {
      started.add(instances.getFirst().start(progress));
      return;
    }
    started.add(postgres.get().start(progress));
    startTogether(progress);
    started.add(loadBalancer.orElseThrow().start(progress));
  }

  /**
   * Starts every instance at once, as an orchestrator would: they form the cluster as they come,
   * and the database migration runs once (Flyway's lock makes the others wait for it).
   */
  private void startTogether(Progress progress) {
    var launched = Instant.now();
    var processes = new ArrayList<ManagedProcess>();
    for (var instance : instances) {
      var process = instance.launch(progress);
      processes.add(process);
      started.add(process);
    }
    var waits = new ArrayList<CompletableFuture<Void>>();
    for (int i = 0; i < instances.size(); i++) {
      var instance = instances.get(i);
      var process = processes.get(i);
      waits.add(
          CompletableFuture.runAsync(
              () -> {
                instance.awaitReady(process);
                progress.line(
                    String.format(
                        "  Backplane %s: ready (%.1f s)",
                        instance.name(),
                        Duration.between(launched, Instant.now()).toMillis() / 1000.0));
              }));
    }
    try {
      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof LaunchException launch) {
        throw launch;
      }
      throw e;
    }
  }

  /** Stops and starts the (first) instance again; returns how long it took to be ready. */
  public Duration restartInstance(Progress progress) {
    var instance = instances.getFirst();
    return restart(instance.name(), () -> instance.start(progress));
  }

  /**
   * Starts an instance again after its process ended (crashed, killed or stopped from outside), as
   * a container orchestrator restarts a container; in a cluster the others serve meanwhile.
   */
  public void replaceExited(ManagedProcess exited, Progress progress) {
    var instance =
        instances.stream().filter(i -> i.name().equals(exited.name())).findFirst().orElseThrow();
    instance.exited(exited);
    var process = instance.launch(progress);
    synchronized (started) {
      started.replaceAll(p -> p == exited ? process : p);
    }
    var launched = Instant.now();
    instance.awaitReady(process);
    progress.line(
        String.format(
            "  Backplane %s: ready again (%.1f s)",
            instance.name(), Duration.between(launched, Instant.now()).toMillis() / 1000.0));
  }

  /** Stops and starts Keycloak again; returns how long it took to be ready. */
  public Duration restartKeycloak(Progress progress) {
    return restart(KeycloakServer.NAME, () -> keycloak.start(progress, realms));
  }

  private Duration restart(String name, Supplier<ManagedProcess> start) {
    synchronized (started) {
      var old = started.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
      stop(old);
      var launched = Instant.now();
      started.set(started.indexOf(old), start.get());
      return Duration.between(launched, Instant.now());
    }
  }

  /** Whether an instance writes the JDK's startup cache when it stops (about 20 s more). */
  public boolean recordsStartupCache() {
    return instances.stream().anyMatch(PayaraInstance::recordsStartupCache);
  }

  /** The running process of this name (keycloak, instance-1). */
  public ManagedProcess process(String name) {
    return processes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** The processes started and still running, to watch them. */
  public List<ManagedProcess> processes() {
    synchronized (started) {
      return List.copyOf(started);
    }
  }

  /**
   * Stops the load balancer first, then the instances (together: each drains on its own; they still
   * need Keycloak and the database meanwhile), then PostgreSQL and Keycloak.
   */
  @Override
  public void close() {
    List<ManagedProcess> toStop;
    synchronized (started) {
      toStop = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(toStop);
    toStop.stream().filter(p -> p.name().equals(LoadBalancer.NAME)).forEach(this::stop);
    toStop.stream()
        .filter(this::isInstance)
        .map(p -> CompletableFuture.runAsync(() -> stop(p)))
        .toList()
        .forEach(CompletableFuture::join);
    toStop.stream()
        .filter(p -> !p.name().equals(LoadBalancer.NAME) && !isInstance(p))
        .forEach(this::stop);
  }

  /**
   * Whether this process is one of the platform's instances (not Keycloak, PostgreSQL, HAProxy).
   */
  public boolean isInstance(ManagedProcess process) {
    return instances.stream().anyMatch(instance -> instance.name().equals(process.name()));
  }

  private void stop(ManagedProcess process) {
    var instance = instances.stream().filter(i -> i.name().equals(process.name())).findFirst();
    if (instance.isPresent()) {
      process.stop(instance.get().stopGrace());
      instance.get().exited(process);
    } else {
      process.stop(STOP_GRACE);
    }
  }

  /**
   * Stops a platform that another launcher started from this data directory ({@code ./backplane
   * down}): the launcher first (it stops its servers in order), then any server a PID file still
   * names, instances before Keycloak.
   *
   * @return what was running, e.g. "keycloak (pid 1234)"
   */
  public static List<String> stopRunning(Settings settings) {
    var stopped = new ArrayList<String>();
    var pidFiles = new ArrayList<PidFile>();
    try (var files = Files.list(settings.run())) {
      files
          .filter(f -> f.toString().endsWith(".pid"))
          .sorted(Platform::stopOrder)
          .map(PidFile::new)
          .forEach(pidFiles::add);
    } catch (NoSuchFileException e) {
      return stopped;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (var pidFile : pidFiles) {
      var name = pidFile.path().getFileName().toString().replace(".pid", "");
      ManagedProcess.find(name, pidFile, settings.logs().resolve(name + ".log"))
          .ifPresentOrElse(
              process -> {
                stopped.add(name + " (pid " + process.pid() + ")");
                if (name.equals(LAUNCHER)) {
                  process.stopParent(STOP_GRACE.multipliedBy(6));
                } else {
                  process.stop(STOP_GRACE);
                }
              },
              pidFile::delete);
    }
    return stopped;
  }

  /** The launcher first, then the load balancer, instances, PostgreSQL, Keycloak last. */
  private static int stopOrder(Path a, Path b) {
    return Integer.compare(rank(a), rank(b)) != 0
        ? Integer.compare(rank(a), rank(b))
        : a.compareTo(b);
  }

  private static int rank(Path pidFile) {
    var name = pidFile.getFileName().toString();
    if (name.startsWith(LAUNCHER)) {
      return 0;
    }
    if (name.startsWith(LoadBalancer.NAME)) {
      return 1;
    }
    if (name.startsWith(PostgresServer.NAME)) {
      return 3;
    }
    return name.startsWith(KeycloakServer.NAME) ? 4 : 2;
  }

  /**
   * Records this JVM as the launcher of the platform in this data directory, refusing when another
   * launcher runs there already.
   */
  public static PidFile claimLauncher(Settings settings) {
    var pidFile = new PidFile(settings.run().resolve(LAUNCHER + ".pid"));
    pidFile
        .runningProcess()
        .ifPresent(
            other -> {
              throw new LaunchException(
                  "Backplane already runs from "
                      + settings.data()
                      + " (launcher pid "
                      + other.pid()
                      + "): use it, or stop it with ./backplane down.");
            });
    pidFile.write(ProcessHandle.current().pid(), LAUNCHER_MARKER);
    return pidFile;
  }
}
