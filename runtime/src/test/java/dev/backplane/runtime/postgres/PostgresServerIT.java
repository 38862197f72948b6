package dev.backplane.runtime.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.Progress;
import dev.backplane.runtime.process.PidFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A local cluster's PostgreSQL from Debian's packages: created once in the data directory, on
 * loopback, with the platform's database and password; started again on the same data.
 */
class PostgresServerIT {

  private Path data;

  @BeforeEach
  void folder() throws IOException {
    // under target/ and readable by others, as the launcher's data directory is: the postgres user
    // must reach it (a temporary directory is private to its owner)
    data =
        Files.createDirectories(
            Path.of("target", "postgres-it-" + System.nanoTime()).toAbsolutePath());
  }

  @AfterEach
  void removeIt() throws Exception {
    new ProcessBuilder("rm", "-rf", data.toString()).start().waitFor();
  }

  @Test
  void createsItsClusterOnceAndServesThePlatformDatabase() throws Exception {
    var port = freePort();
    var server =
        new PostgresServer(
            data.resolve("postgres"),
            data.resolve("logs"),
            data.resolve("run"),
            port,
            Duration.ofSeconds(60));
    var output = new ByteArrayOutputStream();

    var first = server.start(new Progress(new PrintStream(output, true)));
    try {
      assertThat(output.toString()).contains("first run only").contains("ready");
      assertThat(query(port, PostgresServer.PASSWORD)).contains("backplane");
      assertThat(query(port, "wrong-password")).contains("password authentication failed");
    } finally {
      first.stop(Duration.ofSeconds(30));
    }
    assertThat(new PidFile(data.resolve("run/postgres.pid")).runningProcess()).isEmpty();

    output.reset();
    var second = server.start(new Progress(new PrintStream(output, true)));
    try {
      assertThat(output.toString()).doesNotContain("first run only");
      assertThat(query(port, PostgresServer.PASSWORD)).contains("backplane");
    } finally {
      second.stop(Duration.ofSeconds(30));
    }
  }

  /** The current database's name, asked over TCP with psql, or psql's error. */
  private static String query(int port, String password) throws Exception {
    var psql = PostgresServer.binaries().resolve("psql").toString();
    var builder =
        new ProcessBuilder(
                List.of(
                    psql,
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-U",
                    PostgresServer.USER,
                    "-d",
                    PostgresServer.DATABASE,
                    "-tAc",
                    "select current_database()"))
            .redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", password);
    var process = builder.start();
    var answer = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return answer;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
