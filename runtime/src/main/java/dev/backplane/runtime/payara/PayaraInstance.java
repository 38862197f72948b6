package dev.backplane.runtime.payara;

import dev.backplane.runtime.Directories;
import dev.backplane.runtime.Distribution;
import dev.backplane.runtime.LaunchException;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.Settings;
import dev.backplane.runtime.process.HttpProbe;
import dev.backplane.runtime.process.ManagedProcess;
import dev.backplane.runtime.process.PidFile;
import dev.backplane.runtime.process.Ports;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Backplane instance: a Payara Micro JVM serving the platform API at {@code /} and the console
 * at {@code /console}, on loopback, with its own Payara root directory in the data directory.
 */
public final class PayaraInstance {

  private final Settings settings;
  private final Distribution distribution;
  private final String name;
  private final int port;
  private final List<Deployment> deployments;
  private final Optional<StartupCache> startupCache;

  /**
   * @param extra WARs to deploy besides the platform's own (benchmarks)
   * @param startupCache the JDK's startup cache the instances of this platform share, if any
   */
  public PayaraInstance(
      Settings settings,
      Distribution distribution,
      int number,
      int port,
      List<Deployment> extra,
      Optional<StartupCache> startupCache) {
    this.settings = settings;
    this.startupCache = startupCache;
    this.distribution = distribution;
    this.name = "instance-" + number;
    this.port = port;
    var all = new ArrayList<Deployment>();
    all.add(new Deployment(distribution.platformApiWar(), "/"));
    all.add(new Deployment(distribution.consoleWar(), "/console"));
    all.addAll(extra);
    this.deployments = List.copyOf(all);
  }

  /** The files an instance runs: Payara Micro and every WAR it deploys. */
  public static List<Path> inputs(Distribution distribution, List<Deployment> extra) {
    var inputs =
        new ArrayList<>(
            List.of(
                distribution.payaraMicro(),
                distribution.platformApiWar(),
                distribution.consoleWar()));
    extra.forEach(deployment -> inputs.add(deployment.war()));
    return inputs;
  }

  /**
   * How long a clean stop may take: longer while the JVM writes the startup cache on its way out.
   */
  public Duration stopGrace() {
    return recordsStartupCache() ? Duration.ofSeconds(90) : Duration.ofSeconds(30);
  }

  /** Whether this instance writes the startup cache when it stops. */
  public boolean recordsStartupCache() {
    return startupCache.filter(StartupCache::recording).isPresent();
  }

  /** After this instance's process has ended: keeps the startup cache it recorded, if complete. */
  public void exited(ManagedProcess process) {
    startupCache.ifPresent(cache -> cache.instanceExited(process.log()));
  }

  public String name() {
    return name;
  }

  public String url() {
    return "http://localhost:" + port;
  }

  public void checkPort() {
    Ports.requireFree(port, "Backplane " + name, "BACKPLANE_HTTP_PORT");
  }

  public ManagedProcess start(Progress progress) {
    var root = settings.data().resolve("instances").resolve(name);
    // a fresh Payara root: from a used one, Payara first redeploys the previous run's applications,
    // then ours again, and /health/ready answers UP without our checks in between
    Directories.deleteTree(root);
    var command = command(root);
    var recording = command.stream().anyMatch(option -> option.startsWith("-XX:AOTCacheOutput"));
    var step =
        progress.step(
            "Backplane "
                + name
                + ": starting on "
                + url()
                + (recording ? " (recording its startup cache, once per build)" : ""));
    var process =
        ManagedProcess.start(
            name,
            command,
            environment(),
            settings.data(),
            settings.logs().resolve(name + ".log"),
            pidFile(settings, name),
            root.toString());
    var ready = "http://127.0.0.1:" + port + "/health/ready";
    // ready once the platform's own checks have registered and pass, not merely Payara's endpoint
    var outcome =
        HttpProbe.awaitOk(
            ready,
            body -> body.contains("\"database\""),
            settings.instanceTimeout(),
            process::isAlive);
    if (outcome != HttpProbe.Outcome.READY) {
      step.failed();
      process.stop(Duration.ofSeconds(20));
      throw new LaunchException(
          (outcome == HttpProbe.Outcome.DIED
                  ? "Backplane " + name + " stopped while starting"
                  : "Backplane "
                      + name
                      + " was not ready within "
                      + settings.instanceTimeout().toSeconds()
                      + " s")
              + "; see "
              + process.log()
              + " and "
              + ready
              + ".");
    }
    step.done("ready");
    return process;
  }

  public static PidFile pidFile(Settings settings, String name) {
    return new PidFile(settings.run().resolve(name + ".pid"));
  }

  private List<String> command(Path root) {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions(settings));
    startupCache.ifPresent(cache -> command.addAll(cache.jvmOptions()));
    command.addAll(
        List.of(
            "-jar",
            distribution.payaraMicro().toString(),
            "--nohazelcast",
            "--disablephonehome",
            "--name",
            name,
            "--rootdir",
            root.toString(),
            "--port",
            Integer.toString(port),
            "--prebootcommandfile",
            distribution.payaraPreboot().toString()));
    for (var deployment : deployments) {
      command.addAll(
          List.of("--deploy", deployment.war() + File.pathSeparator + deployment.contextRoot()));
    }
    return command;
  }

  /** The JVM options of every instance (the benchmark report states them). */
  public static List<String> jvmOptions(Settings settings) {
    var options =
        new ArrayList<>(
            List.of(
                "-Xms64m",
                "-Xmx" + settings.instanceHeap(),
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.net.preferIPv4Stack=true"));
    options.addAll(settings.instanceJvmOptions());
    return options;
  }

  /** The instance's configuration, as MicroProfile Config reads environment variables. */
  private Map<String, String> environment() {
    return Map.of(
        "BACKPLANE_DB_URL",
        "jdbc:h2:file:" + settings.data().resolve("db/backplane"),
        "BACKPLANE_AUTH_ISSUER",
        settings.issuer(),
        "BACKPLANE_AUTH_JWKS_URL",
        settings.issuer() + "/protocol/openid-connect/certs",
        "BACKPLANE_KEYCLOAK_URL",
        settings.keycloakUrl(),
        "BACKPLANE_INSTANCE_ID",
        name,
        "BACKPLANE_CONSOLE_ISSUER",
        settings.issuer(),
        "BACKPLANE_CONSOLE_BASE_URL",
        settings.publicUrl() + "/console",
        "BACKPLANE_CONSOLE_API_URL",
        "http://127.0.0.1:" + port);
  }
}
