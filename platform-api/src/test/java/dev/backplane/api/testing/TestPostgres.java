package dev.backplane.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL server from Debian's packages: its own cluster in a temporary directory,
 * on a free loopback port, trusting local connections; removed when closed. As root it runs as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class TestPostgres implements AutoCloseable {

  public static final String DATABASE = "backplane";
  public static final String USER = "backplane";

  private final Path bin;
  private final Path cluster;
  private final int port;

  private TestPostgres(Path bin, Path cluster, int port) {
    this.bin = bin;
    this.cluster = cluster;
    this.port = port;
  }

  public static TestPostgres start() {
    var bin = binaries();
    var cluster = run(asPostgres("mktemp", "-d", "/tmp/backplane-test-pg-XXXXXX")).trim();
    var server = new TestPostgres(bin, Path.of(cluster), freePort());
    server.initAndStart();
    return server;
  }

  /** The API's settings for this database, as a cluster's instances have them. */
  public String mpConfig() {
    return "backplane.db.datasource-class=org.postgresql.ds.PGSimpleDataSource\n"
        + "backplane.db.url="
        + jdbcUrl()
        + "\n"
        + "backplane.db.user="
        + USER
        + "\n"
        + "backplane.db.password=unused\n";
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  private void initAndStart() {
    run(
        asPostgres(
            bin.resolve("initdb").toString(),
            "-D",
            cluster.resolve("data").toString(),
            "-U",
            USER,
            "--auth=trust",
            "-E",
            "UTF8"));
    run(
        asPostgres(
            bin.resolve("pg_ctl").toString(),
            "-D",
            cluster.resolve("data").toString(),
            "-l",
            cluster.resolve("server.log").toString(),
            "-o",
            "-c listen_addresses=127.0.0.1 -c port="
                + port
                + " -c unix_socket_directories="
                + cluster,
            "-w",
            "-t",
            "60",
            "start"));
    run(
        asPostgres(
            bin.resolve("createdb").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-U",
            USER,
            DATABASE));
  }

  @Override
  public void close() {
    run(
        asPostgres(
            bin.resolve("pg_ctl").toString(),
            "-D",
            cluster.resolve("data").toString(),
            "-m",
            "fast",
            "-w",
            "stop"));
    run(List.of("rm", "-rf", cluster.toString()));
  }

  private static Path binaries() {
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
          .max(Comparator.comparing(Path::toString))
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no PostgreSQL server under /usr/lib/postgresql: ./backplane test installs Debian's postgresql"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "PostgreSQL is not installed: ./backplane test installs Debian's postgresql", e);
    }
  }

  private static List<String> asPostgres(String... command) {
    var full = new ArrayList<String>();
    if ("root".equals(System.getProperty("user.name"))) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static String run(List<String> command) {
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
