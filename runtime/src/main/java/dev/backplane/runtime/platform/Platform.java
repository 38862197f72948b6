package dev.backplane.runtime.platform;

import dev.backplane.runtime.Distribution;
import dev.backplane.runtime.LaunchException;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.Settings;
import dev.backplane.runtime.keycloak.KeycloakServer;
import dev.backplane.runtime.payara.Deployment;
import dev.backplane.runtime.payara.PayaraInstance;
import dev.backplane.runtime.payara.StartupCache;
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
import java.util.List;
import java.util.function.Supplier;

/**
 * The whole platform on this machine: Keycloak, then the instance(s). Started and stopped as one,
 * by {@code ./backplane up} and by the system tests alike.
 */
public final class Platform implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final String LAUNCHER = "launcher";

  /** In the launcher's command line: the class name given to java or the jar's. */
  private static final String LAUNCHER_MARKER = "backplane-runtime";

  private final Settings settings;
  private final Distribution distribution;
  private final List<Path> realms;
  private final KeycloakServer keycloak;
  private final PayaraInstance instance;
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
    this.instance =
        new PayaraInstance(
            settings, distribution, 1, settings.httpPort(), extraDeployments, startupCache);
  }

  public Platform(Settings settings, List<Path> realms) {
    this(settings, realms, List.of());
  }

  public Settings settings() {
    return settings;
  }

  public Distribution distribution() {
    return distribution;
  }

  /** Checks everything that can be checked first, then starts Keycloak and one instance. */
  public void start(Progress progress) {
    distribution.verify();
    keycloak.checkPorts();
    instance.checkPort();
    keycloak.install(progress);
    started.add(keycloak.start(progress, realms));
    started.add(instance.start(progress));
  }

  /** Stops and starts the instance again; returns how long it took to be ready. */
  public Duration restartInstance(Progress progress) {
    return restart(instance.name(), () -> instance.start(progress));
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
    return instance.recordsStartupCache();
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

  /** Stops the instances first (they still need Keycloak while draining), then Keycloak. */
  @Override
  public void close() {
    List<ManagedProcess> toStop;
    synchronized (started) {
      toStop = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(toStop);
    toStop.forEach(this::stop);
  }

  private void stop(ManagedProcess process) {
    if (process.name().equals(instance.name())) {
      process.stop(instance.stopGrace());
      instance.exited(process);
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
                process.stop(name.equals(LAUNCHER) ? STOP_GRACE.multipliedBy(6) : STOP_GRACE);
              },
              pidFile::delete);
    }
    return stopped;
  }

  /** The launcher first, Keycloak last, instances in between. */
  private static int stopOrder(Path a, Path b) {
    return Integer.compare(rank(a), rank(b)) != 0
        ? Integer.compare(rank(a), rank(b))
        : a.compareTo(b);
  }

  private static int rank(Path pidFile) {
    var name = pidFile.getFileName().toString();
    return name.startsWith(LAUNCHER) ? 0 : name.startsWith("keycloak") ? 2 : 1;
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
