package dev.backplane.runtime.payara;

import dev.backplane.runtime.Directories;
import dev.backplane.runtime.Distribution;
import dev.backplane.runtime.LaunchException;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.Settings;
import dev.backplane.runtime.loadbalancer.LoadBalancer;
import dev.backplane.runtime.process.HttpProbe;
import dev.backplane.runtime.process.ManagedProcess;
import dev.backplane.runtime.process.PidFile;
import dev.backplane.runtime.process.Ports;
import dev.backplane.runtime.tls.DevCertificate;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
  private final Map<String, String> clusterEnvironment;
  private final Duration shutdownGrace;

  /**
   * @param extra WARs to deploy besides the platform's own (benchmarks)
   * @param startupCache the JDK's startup cache the instances of this platform share, if any
   * @param clusterEnvironment configuration of a clustered instance (database, discovery), added to
   *     the environment of every instance
   * @param shutdownGrace how long the instance may drain on SIGTERM before Payara stops
   */
  public PayaraInstance(
      Settings settings,
      Distribution distribution,
      int number,
      int port,
      List<Deployment> extra,
      Optional<StartupCache> startupCache,
      Map<String, String> clusterEnvironment,
      Duration shutdownGrace) {
    this.settings = settings;
    this.clusterEnvironment = Map.copyOf(clusterEnvironment);
    this.shutdownGrace = shutdownGrace;
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
    return (recordsStartupCache() ? Duration.ofSeconds(90) : Duration.ofSeconds(30))
        .plus(shutdownGrace);
  }

  /** Whether this instance writes the startup cache when it stops. */
  public boolean recordsStartupCache() {
    return startupCache.filter(cache -> cache.recording(name)).isPresent();
  }

  /** After this instance's process has ended: keeps the startup cache it recorded, if complete. */
  public void exited(ManagedProcess process) {
    startupCache.ifPresent(cache -> cache.instanceExited(name, process.log()));
  }

  public int port() {
    return port;
  }

  public String name() {
    return name;
  }

  public String url() {
    return "http://localhost:" + port;
  }

  public void checkPort() {
    Ports.requireFree(port, "Backplane " + name, "BACKPLANE_HTTP_PORT");
    if (!settings.clustered()) {
      Ports.requireFree(settings.httpsPort(), "Backplane's HTTPS", "BACKPLANE_HTTPS_PORT");
    }
  }

  /** Starts the instance and waits until it is ready. */
  public ManagedProcess start(Progress progress) {
    var recording = new boolean[1];
    var process = launch(recording);
    var step =
        progress.step(
            "Backplane "
                + name
                + ": starting on "
                + url()
                + (recording[0] ? " (recording its startup cache, once per build)" : ""));
    try {
      awaitReady(process);
    } catch (LaunchException e) {
      step.failed();
      throw e;
    }
    step.done("ready");
    return process;
  }

  /**
   * Starts the instance without waiting for it (instances of a cluster start together); {@link
   * #awaitReady} waits.
   */
  public ManagedProcess launch(Progress progress) {
    var recording = new boolean[1];
    var process = launch(recording);
    progress.line(
        "  Backplane "
            + name
            + ": starting on "
            + url()
            + (recording[0] ? " (recording its startup cache, once per build)" : ""));
    return process;
  }

  private ManagedProcess launch(boolean[] recording) {
    var root = settings.data().resolve("instances").resolve(name);
    // a fresh Payara root: from a used one, Payara first redeploys the previous run's applications,
    // then ours again, and /health/ready answers UP without our checks in between
    Directories.deleteTree(root);
    var command = command(root);
    recording[0] = command.stream().anyMatch(option -> option.startsWith("-XX:AOTCacheOutput"));
    return ManagedProcess.start(
        name,
        command,
        environment(),
        settings.data(),
        settings.logs().resolve(name + ".log"),
        pidFile(settings, name),
        root.toString());
  }

  /** Waits until the launched instance is ready; stops it and explains when it is not. */
  public void awaitReady(ManagedProcess process) {
    var ready = "http://127.0.0.1:" + port + "/health/ready";
    // ready once the platform's own checks have registered and pass, not merely Payara's endpoint
    var outcome =
        HttpProbe.awaitOk(
            ready,
            body -> body.contains("\"dependencies\""),
            settings.instanceTimeout(),
            process::isAlive);
    if (outcome != HttpProbe.Outcome.READY) {
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
  }

  public static PidFile pidFile(Settings settings, String name) {
    return new PidFile(settings.run().resolve(name + ".pid"));
  }

  private List<String> command(Path root) {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions(settings));
    startupCache.ifPresent(cache -> command.addAll(cache.jvmOptions(name)));
    var certificate = settings.certificate();
    if (!settings.clustered()) {
      // one instance serves HTTPS itself; a cluster's load balancer does it for the instances
      command.addAll(
          List.of(
              "-Djavax.net.ssl.keyStore=" + certificate.keystore(),
              "-Djavax.net.ssl.keyStorePassword=" + DevCertificate.PASSWORD,
              "-Djavax.net.ssl.keyStoreType=PKCS12"));
    }
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
            "--shutdowngrace",
            Long.toString(shutdownGrace.toMillis()),
            "--prebootcommandfile",
            preboot(root).toString()));
    if (!settings.clustered()) {
      command.addAll(
          List.of(
              "--sslport",
              Integer.toString(settings.httpsPort()),
              "--sslcert",
              DevCertificate.ALIAS));
    }
    for (var deployment : deployments) {
      command.addAll(
          List.of("--deploy", deployment.war() + File.pathSeparator + deployment.contextRoot()));
    }
    return command;
  }

  /**
   * The instance's pre-boot commands: the distribution's; behind the load balancer also the scheme
   * from its {@code X-Forwarded-Proto} (a client's own replaced there), so the console's addresses
   * are https ones for a browser on HTTPS. The balancer makes the instances' cookies {@code Secure}
   * on HTTPS answers.
   */
  private Path preboot(Path root) {
    if (!settings.clustered()) {
      return distribution.payaraPreboot();
    }
    try {
      Files.createDirectories(root);
      var preboot = root.resolve("preboot.asadmin");
      Files.writeString(
          preboot,
          Files.readString(distribution.payaraPreboot()) + "\n" + BEHIND_LOAD_BALANCER + "\n");
      return preboot;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String BEHIND_LOAD_BALANCER =
      "set configs.config.server-config.network-config.protocols.protocol.http-listener"
          + ".http.scheme-mapping=X-Forwarded-Proto";

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
    var environment = new HashMap<>(singleInstanceEnvironment());
    // HSTS on this machine: short (see LoadBalancer.LOCAL_HSTS_SECONDS)
    environment.put(
        "BACKPLANE_HTTPS_HSTS_SECONDS", Integer.toString(LoadBalancer.LOCAL_HSTS_SECONDS));
    // the console at its HTTPS address too (the instance's own, or the load balancer's)
    environment.put("BACKPLANE_CONSOLE_HTTPS_BASE_URL", settings.publicHttpsUrl() + "/console");
    environment.putAll(clusterEnvironment);
    return environment;
  }

  private Map<String, String> singleInstanceEnvironment() {
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
        "BACKPLANE_INSTANCE_ADDRESS",
        "http://127.0.0.1:" + port,
        "BACKPLANE_CONSOLE_ISSUER",
        settings.issuer(),
        "BACKPLANE_CONSOLE_BASE_URL",
        settings.publicUrl() + "/console",
        "BACKPLANE_CONSOLE_API_URL",
        "http://127.0.0.1:" + port,
        // development: webhooks may reach receivers on this machine
        "BACKPLANE_WEBHOOKS_ALLOW",
        "loopback");
  }
}
