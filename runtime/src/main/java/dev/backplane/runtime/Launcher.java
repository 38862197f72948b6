package dev.backplane.runtime;

import dev.backplane.runtime.bench.Bench;
import dev.backplane.runtime.bench.BenchMode;
import dev.backplane.runtime.bench.Report;
import dev.backplane.runtime.payara.PayaraInstance;
import dev.backplane.runtime.platform.Platform;
import dev.backplane.runtime.process.ManagedProcess;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./backplane up | down | bench}: runs the platform in the foreground until Ctrl-C, stops
 * the one running from the same data directory, or measures it. Problems the user can fix end as
 * one line on stderr and exit code 1, never as a stack trace.
 */
public final class Launcher {

  /** An instance that exits this often within the window is not started again. */
  private static final int MAX_RESTARTS = 3;

  private static final Duration RESTART_WINDOW = Duration.ofMinutes(10);

  private final Settings settings;
  private final PrintStream out;
  private final AtomicBoolean stopping = new AtomicBoolean();

  Launcher(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The launcher's command line, its only parser: {@code up [--instances N] | down | bench
   * [--quick|--full] [scenario...]}. Problems the user can fix end as one line and exit code 1;
   * arguments it does not understand, as picocli's message with the usage and exit code 2.
   */
  static CommandLine commandLine() {
    return new CommandLine(new Commands())
        .setExecutionExceptionHandler(
            (exception, line, parsed) -> {
              if (exception instanceof LaunchException launch) {
                line.getErr().println("backplane: " + launch.getMessage());
                return 1;
              }
              throw exception;
            });
  }

  @Command(
      name = "backplane",
      description =
          "Runs, stops and measures the Backplane platform (the test suite: ./backplane test).",
      subcommands = {Up.class, Down.class, BenchCommand.class})
  static final class Commands implements Runnable {
    @Mixin Help help;

    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "name a command: up, down or bench.");
    }
  }

  @Command(
      name = "up",
      description =
          "Builds what is missing, starts Keycloak and the instances (several: with PostgreSQL and"
              + " HAProxy), stays in the foreground until Ctrl-C.")
  static final class Up implements Runnable {
    @Mixin Help help;

    @Spec CommandSpec spec;

    @Option(
        names = "--instances",
        paramLabel = "N",
        description = "How many instances (default: 1, or BACKPLANE_INSTANCES).")
    Integer instances;

    @Override
    public void run() {
      if (instances != null && instances < 1) {
        throw new ParameterException(spec.commandLine(), "--instances needs 1 or more.");
      }
      var launcher = launcher();
      if (instances != null) {
        launcher = launcher.withInstances(instances);
      }
      if (launcher.settings.instances() > 1) {
        DebianPackages.ensure("a local cluster", DebianPackages.CLUSTER);
      }
      launcher.up();
    }
  }

  @Command(
      name = "down",
      description = "Stops the platform that up started from the same data directory.")
  static final class Down implements Runnable {
    @Mixin Help help;

    @Override
    public void run() {
      launcher().down();
    }
  }

  @Command(
      name = "bench",
      description =
          "Measures the platform side by side with what it is compared with, into BENCHMARKS.md.")
  static final class BenchCommand implements Runnable {
    @Mixin Help help;

    @Option(names = "--quick", description = "A smoke check: short runs, figures printed only.")
    boolean quick;

    @Option(names = "--full", description = "The measured runs (the default).")
    boolean full;

    @Parameters(
        paramLabel = "SCENARIO",
        description = "Scenarios to run (default: all): ${COMPLETION-CANDIDATES}.",
        completionCandidates = Scenarios.class)
    List<String> scenarios = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public void run() {
      for (var scenario : scenarios) {
        if (!Bench.SCENARIOS.contains(scenario)) {
          throw new ParameterException(
              spec.commandLine(),
              "unknown scenario "
                  + scenario
                  + "; the scenarios are "
                  + new TreeSet<>(Bench.SCENARIOS)
                  + ".");
        }
      }
      if (quick && full) {
        throw new ParameterException(spec.commandLine(), "--quick or --full, not both.");
      }
      var chosen = new TreeSet<>(scenarios.isEmpty() ? Bench.SCENARIOS : scenarios);
      DebianPackages.ensure("the benchmark", DebianPackages.WRK);
      if (chosen.stream().anyMatch(Bench.ON_A_CLUSTER::contains)) {
        DebianPackages.ensure("the cluster benchmark", DebianPackages.CLUSTER);
      }
      var said = new ArrayList<String>();
      if (quick) {
        said.add("--quick");
      }
      said.addAll(scenarios);
      launcher().bench(quick ? BenchMode.QUICK : BenchMode.FULL, chosen, said, home());
    }
  }

  /** {@code -h}/{@code --help} on every command. */
  static final class Help {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Shows what the command does and its options.")
    boolean asked;
  }

  /** The scenario names, for the usage and completion. */
  static final class Scenarios implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return new TreeSet<>(Bench.SCENARIOS).iterator();
    }
  }

  private static Path home() {
    return Path.of(System.getenv().getOrDefault("BACKPLANE_HOME", "."));
  }

  private static Launcher launcher() {
    var settings = Settings.from(System.getenv(), jarFolder(), home().resolve("data"));
    return new Launcher(settings, System.out);
  }

  Launcher withInstances(int count) {
    return count == settings.instances() ? this : new Launcher(settings.withInstances(count), out);
  }

  /** Starts everything, prints the addresses, then waits for Ctrl-C or for a server to die. */
  void up() {
    var started = Instant.now();
    out.println(
        "Backplane: starting (data in " + settings.data() + ", logs in " + settings.logs() + ")");
    var launcherPid = Platform.claimLauncher(settings);
    var platform =
        new Platform(settings, List.of(new Distribution(settings.distribution()).devRealm()));
    // Ctrl-C, ./backplane down (SIGTERM), a failed start and a dead server all end here
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  if (!platform.processes().isEmpty()) {
                    out.println();
                    out.println(
                        platform.recordsStartupCache()
                            ? "Backplane: stopping (the instance writes its startup cache first,"
                                + " about 20 s once per build) ..."
                            : "Backplane: stopping ...");
                    platform.close();
                    out.println("Backplane: stopped.");
                  }
                  launcherPid.delete();
                },
                "backplane-shutdown"));
    var progress = new Progress(out);
    platform.start(progress);
    printAddresses(platform, Duration.between(started, Instant.now()));
    watch(platform, progress);
  }

  private void printAddresses(Platform platform, Duration took) {
    var web = settings.publicUrl();
    out.printf(
        "%nBackplane is up (%.0f s)%s.%n",
        took.toMillis() / 1000.0,
        settings.clustered()
            ? ": " + settings.instances() + " instances behind the load balancer"
            : "");
    out.println("  API        " + web + "/api/v1      e.g. GET " + web + "/api/v1/me");
    var certificate = settings.certificate().certificate();
    out.println(
        "  HTTPS      "
            + settings.publicHttpsUrl()
            + "/api/v1   (HTTP/2; a development certificate: curl --cacert "
            + certificate
            + ", or trust it: sudo cp "
            + certificate
            + " /usr/local/share/ca-certificates/ && sudo update-ca-certificates)");
    out.println("  Console    " + web + "/console");
    out.println("  OpenAPI    " + web + "/openapi");
    if (settings.clustered()) {
      // the load balancer keeps them to itself; each instance serves its own
      var first = platform.instanceUrls().getFirst();
      out.println(
          "  Health     "
              + first
              + "/health      Metrics "
              + first
              + "/metrics   (each instance's own)");
    } else {
      out.println("  Health     " + web + "/health      Metrics " + web + "/metrics");
    }
    out.println(
        "  Keycloak   "
            + settings.keycloakUrl()
            + "/admin/master/console/#/backplane   (keycloak-admin / keycloak-admin)");
    out.println(
        "  Dev users  admin/admin (platform-admin), operator/operator (platform-operator), alice/alice (api-user)");
    if (settings.clustered()) {
      out.println("  Instances  " + String.join("  ", platform.instanceUrls()));
      out.println("  Balancer   " + platform.loadBalancerStats().orElseThrow() + "   (HAProxy)");
      out.println(
          "  PostgreSQL 127.0.0.1:"
              + settings.postgresPort()
              + "   database backplane, user backplane");
    }
    out.println("  Logs       " + settings.logs());
    out.println("Ctrl-C here, or ./backplane down in another shell, stops everything.");
    out.flush();
  }

  /**
   * Waits until a server exits on its own. An instance is started again, as a container
   * orchestrator would (in a cluster the others serve meanwhile; alone, the platform answers again
   * once it is back), unless it keeps dying right after its starts; any other server's end ends the
   * JVM, whose shutdown hook stops the rest.
   */
  private void watch(Platform platform, Progress progress) {
    var restarts = new RestartBudget(MAX_RESTARTS, RESTART_WINDOW);
    while (true) {
      var exits =
          platform.processes().stream()
              .map(ManagedProcess::onExit)
              .toArray(CompletableFuture[]::new);
      var ended = (ManagedProcess) CompletableFuture.anyOf(exits).join();
      if (stoppedTogether()) {
        return; // stopped by Ctrl-C or ./backplane down, not on its own
      }
      if (!platform.isInstance(ended)) {
        exitUnexpectedly(ended);
      }
      if (!restarts.take(ended.name(), Instant.now())) {
        System.err.println(
            "backplane: "
                + ended.name()
                + " exited again after "
                + MAX_RESTARTS
                + " restarts within "
                + RESTART_WINDOW.toMinutes()
                + " minutes; see "
                + ended.log()
                + ". Stopping the rest.");
        System.exit(1);
      }
      progress.line(
          "Backplane: "
              + ended.name()
              + " exited"
              + (settings.clustered() ? "; the cluster goes on without it," : ";")
              + " starting it again (log: "
              + ended.log()
              + ")");
      try {
        platform.replaceExited(ended, progress);
      } catch (LaunchException e) {
        if (!stopping.get()) {
          System.err.println("backplane: " + e.getMessage() + " Stopping the rest.");
          System.exit(1);
        }
      }
    }
  }

  /**
   * Whether the launcher is stopping. Ctrl-C in a terminal signals the launcher and its servers at
   * once, and HAProxy may end before the launcher's shutdown hook has begun: give it a moment.
   */
  private boolean stoppedTogether() {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (!stopping.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return stopping.get();
      }
    }
    return stopping.get();
  }

  private static void exitUnexpectedly(ManagedProcess ended) {
    System.err.println(
        "backplane: "
            + ended.name()
            + " exited unexpectedly; see "
            + ended.log()
            + ". Stopping the rest.");
    System.exit(1);
  }

  void down() {
    var stopped = Platform.stopRunning(settings);
    if (stopped.isEmpty()) {
      out.println("Backplane: nothing runs from " + settings.data() + ".");
    } else {
      out.println("Backplane: stopped " + String.join(", ", stopped) + ".");
    }
  }

  /**
   * Runs the benchmark scenarios (all when none is named). The full mode writes BENCHMARKS.md; the
   * quick one, a smoke check, only prints its figures.
   */
  void bench(BenchMode mode, Set<String> scenarios, List<String> args, Path home) {
    var quick = mode == BenchMode.QUICK;
    out.println(
        "Backplane bench: "
            + mode.name()
            + " mode, scenarios "
            + scenarios
            + " (data in "
            + settings.data()
            + ")");
    var launcherPid = Platform.claimLauncher(settings);
    try {
      var figures = new Bench(settings, mode, scenarios, new Progress(out)).run();
      var command = "./backplane bench" + (args.isEmpty() ? "" : " " + String.join(" ", args));
      var sections =
          Report.sections(figures, command, String.join(" ", PayaraInstance.jvmOptions(settings)));
      out.println();
      out.println(String.join("\n", sections.values()));
      if (!quick) {
        var file = home.resolve("BENCHMARKS.md");
        Report.write(file, sections);
        out.println("Written to " + file.toAbsolutePath().normalize() + ": " + sections.keySet());
      }
    } finally {
      launcherPid.delete();
    }
  }

  /** The folder of the launcher's jar: the distribution the build assembled. */
  private static Path jarFolder() {
    try {
      return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new LaunchException("Cannot tell where the launcher runs from: " + e.getMessage());
    }
  }
}
