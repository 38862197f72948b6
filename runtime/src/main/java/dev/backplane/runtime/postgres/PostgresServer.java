package dev.backplane.runtime.postgres;

import dev.backplane.runtime.LaunchException;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.process.ManagedProcess;
import dev.backplane.runtime.process.PidFile;
import dev.backplane.runtime.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server of a local cluster, from Debian's packages: its own database cluster in the
 * data directory (created once), listening on loopback only (no Unix socket), with the {@code
 * backplane} database and account (password authentication). PostgreSQL refuses to run as root; as
 * root it runs as the {@code postgres} user, which then owns its folder.
 */
public final class PostgresServer {

  public static final String NAME = "postgres";
  public static final String DATABASE = "backplane";
  public static final String USER = "backplane";

  /** The local cluster's password; the database only listens on loopback. */
  public static final String PASSWORD = "backplane";

  private final Path folder;
  private final Path logs;
  private final Path run;
  private final int port;
  private final Duration timeout;

  /**
   * @param folder where the database cluster lives (created on first start)
   * @param logs where its log goes
   * @param run where its PID file goes
   */
  public PostgresServer(Path folder, Path logs, Path run, int port, Duration timeout) {
    this.folder = folder.toAbsolutePath();
    this.logs = logs;
    this.run = run;
    this.port = port;
    this.timeout = timeout;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  public void checkPort() {
    Ports.requireFree(port, "PostgreSQL", "BACKPLANE_POSTGRES_PORT");
  }

  /** Creates the database cluster unless it exists, then starts the server and waits for it. */
  public ManagedProcess start(Progress progress) {
    var bin = binaries();
    var data = folder.resolve("data");
    var created = false;
    if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
      var step =
          progress.step(
              "PostgreSQL: creating its database cluster in " + data + " (first run only)");
      initialize(bin, data);
      step.done();
      created = true;
    }
    var step = progress.step("PostgreSQL: starting on 127.0.0.1:" + port);
    var command =
        asServerUser(
            bin.resolve("postgres").toString(),
            "-D",
            data.toString(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "port=" + port,
            "-c",
            "unix_socket_directories=",
            "-c",
            "max_connections=200");
    var process =
        ManagedProcess.start(
            NAME,
            command,
            Map.of(),
            folder,
            logs.resolve(NAME + ".log"),
            new PidFile(run.resolve(NAME + ".pid")),
            data.toString());
    if (!awaitReady(bin, process)) {
      step.failed();
      process.stop(Duration.ofSeconds(20));
      throw new LaunchException(
          "PostgreSQL "
              + (process.isAlive()
                  ? "was not ready within " + timeout.toSeconds() + " s"
                  : "stopped while starting")
              + "; see "
              + process.log()
              + ".");
    }
    if (created) {
      run(
          List.of(
              bin.resolve("createdb").toString(),
              "-h",
              "127.0.0.1",
              "-p",
              Integer.toString(port),
              "-U",
              USER,
              DATABASE),
          Map.of("PGPASSWORD", PASSWORD));
    }
    step.done("ready");
    return process;
  }

  private void initialize(Path bin, Path data) {
    try {
      Files.createDirectories(folder);
      var passwordFile = folder.resolve("initial-password");
      Files.writeString(passwordFile, PASSWORD + "\n");
      if (runsAsRoot()) {
        run(List.of("chown", "-R", "postgres:postgres", folder.toString()), Map.of());
        var reachable =
            new ProcessBuilder("runuser", "-u", "postgres", "--", "test", "-w", folder.toString())
                .start()
                .waitFor();
        if (reachable != 0) {
          throw new LaunchException(
              "PostgreSQL runs as the user postgres, which cannot reach "
                  + folder
                  + " (a folder above it is private); set BACKPLANE_DATA to a folder it can reach,"
                  + " e.g. under /srv or /var/lib.");
        }
      }
      run(
          asServerUser(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              USER,
              "--pwfile=" + passwordFile,
              "--auth=scram-sha-256",
              "-E",
              "UTF8",
              "--no-locale"),
          Map.of());
      Files.delete(passwordFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + data, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while creating PostgreSQL's cluster");
    }
  }

  private boolean awaitReady(Path bin, ManagedProcess process) {
    var deadline = Instant.now().plus(timeout);
    var isReady =
        List.of(
            bin.resolve("pg_isready").toString(),
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-d",
            "postgres");
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        if (new ProcessBuilder(isReady).start().waitFor() == 0) {
          return true;
        }
        Thread.sleep(300);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** Debian's newest PostgreSQL server, e.g. /usr/lib/postgresql/15/bin. */
  static Path binaries() {
    var root = Path.of("/usr/lib/postgresql");
    try (var versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
          .max(Comparator.comparingInt(PostgresServer::majorVersion))
          .orElseThrow(PostgresServer::notInstalled);
    } catch (IOException e) {
      throw notInstalled();
    }
  }

  private static int majorVersion(Path bin) {
    var name = bin.getParent().getFileName().toString();
    return name.matches("\\d+") ? Integer.parseInt(name) : 0;
  }

  private static LaunchException notInstalled() {
    return new LaunchException(
        "a local cluster needs PostgreSQL's server from Debian's packages (none under"
            + " /usr/lib/postgresql); as root ./backplane installs it, otherwise: apt-get install"
            + " postgresql.");
  }

  private static boolean runsAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static List<String> asServerUser(String... command) {
    var full = new ArrayList<String>();
    if (runsAsRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static void run(List<String> command, Map<String, String> environment) {
    try {
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      var process = builder.start();
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new LaunchException(
            String.join(" ", command.subList(0, Math.min(command.size(), 5)))
                + " failed: "
                + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while running " + command.getFirst());
    }
  }
}
