package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.runtime.testing.BackplaneCommand;
import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.TestPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./backplane up} and {@code down} as a newcomer uses them: on their own ports and data
 * directory, started, stopped from another shell, started again on the same data, stopped with
 * Ctrl-C; and the one-line answers when something is in the way.
 */
class LauncherSystemIT {

  static final TestPorts PORTS = TestPorts.named("launcher", 1);

  /** The database's schema version, as readiness reports it. */
  private static String schemaVersion() {
    var ready = Http.get(PORTS.publicUrl() + "/health/ready").body();
    var version = Pattern.compile("schema version (\\d+)").matcher(ready);
    assertThat(version.find()).as(ready).isTrue();
    return version.group(1);
  }

  /** Whatever a failed test left running would fail the next ones: stop it. */
  @AfterEach
  void stopLeftovers() {
    if (!PORTS.processes().isEmpty()) {
      BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(3), "down");
    }
  }

  @Test
  void upStopsWithDownAndWithCtrlCAndKeepsItsDataInBetween() {
    var first = BackplaneCommand.start(PORTS, Map.of(), "up").awaitUp(Duration.ofMinutes(8));
    assertThat(first.output()).contains(PORTS.publicUrl() + "/console").contains("alice/alice");
    var schema = schemaVersion();
    var keycloak = new Keycloak(PORTS);
    keycloak.createUser("carol", "carol-secret-1");
    assertThat(
            Http.get(
                    PORTS.publicUrl() + "/api/v1/me",
                    keycloak.token("backplane", "carol", "carol-secret-1"))
                .statusCode())
        .isEqualTo(403); // a user without a platform role

    var down = BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(3), "down");
    assertThat(down.exitCode()).isZero();
    assertThat(down.output()).contains("stopped launcher");
    first.awaitExit(Duration.ofMinutes(2));
    assertEverythingStopped();

    var second = BackplaneCommand.start(PORTS, Map.of(), "up").awaitUp(Duration.ofMinutes(5));
    assertThat(second.output()).doesNotContain("first run only");
    assertThat(keycloak.token("backplane", "carol", "carol-secret-1")).isNotBlank();
    assertThat(schemaVersion()).isEqualTo(schema);

    second.interrupt();
    assertThat(second.awaitExit(Duration.ofMinutes(2))).isEqualTo(130);
    assertThat(second.output())
        .contains("Backplane: stopped.")
        .doesNotContain("exited unexpectedly");
    assertEverythingStopped();
  }

  @Test
  void keycloakDyingTakesThePlatformDownWithOneClearLine() throws Exception {
    var up = BackplaneCommand.start(PORTS, Map.of(), "up").awaitUp(Duration.ofMinutes(8));
    // Keycloak's JVM, not the kc.sh script that started it
    var keycloak =
        PORTS.processes().stream()
            .filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
            .findFirst()
            .orElseThrow();

    keycloak.destroyForcibly(); // as the kernel's OOM killer would

    assertThat(up.awaitExit(Duration.ofMinutes(2))).isEqualTo(1);
    assertThat(errorLines(up.output()))
        .singleElement()
        .asString()
        .startsWith("backplane: keycloak exited unexpectedly; see ");
    assertEverythingStopped();
  }

  @Test
  void portInUseIsOneClearLineAndStartsNothing() throws IOException {
    try (var squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORTS.http()));

      var result = BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(1), "up");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(errorLines(result.output()))
          .containsExactly(
              "backplane: Port "
                  + PORTS.http()
                  + " (Backplane instance-1) is already in use on 127.0.0.1: stop what listens there, or set BACKPLANE_HTTP_PORT to another port.");
      assertThat(PORTS.processes()).isEmpty();
    }
  }

  @Test
  void keycloakNotReadyInTimeIsOneClearLineAndLeavesNothingRunning() {
    var result =
        BackplaneCommand.run(
            PORTS, Map.of("BACKPLANE_KEYCLOAK_TIMEOUT", "1"), Duration.ofMinutes(5), "up");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(errorLines(result.output()))
        .singleElement()
        .asString()
        .startsWith("backplane: Keycloak did not become ready within 1 s; see ");
    assertEverythingStopped();
  }

  @Test
  void missingJdkIsOneClearLine(@TempDir Path bin) throws IOException {
    // a PATH with the shell tools the script uses and no JDK at all
    for (var tool :
        new String[] {
          "bash", "env", "dirname", "readlink", "grep", "cut", "find", "id", "setsid"
        }) {
      var path =
          Stream.of("/usr/bin", "/bin")
              .map(dir -> Path.of(dir, tool))
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow();
      Files.createSymbolicLink(bin.resolve(tool), path);
    }
    var env = Map.of("PATH", bin.toString(), "JAVA_HOME", "", "BACKPLANE_JDK_DIRS", bin.toString());

    var result = BackplaneCommand.run(PORTS, env, Duration.ofMinutes(1), "up");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(errorLines(result.output()))
        .singleElement()
        .asString()
        .startsWith("backplane: needs a JDK 21 or newer and found none");
  }

  private static void assertEverythingStopped() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(PORTS.processes()).isEmpty());
    for (int port : new int[] {PORTS.http(), PORTS.keycloak(), PORTS.keycloakManagement()}) {
      assertThat(dev.backplane.runtime.process.Ports.isFree(port))
          .as("port %d is free", port)
          .isTrue();
    }
  }

  private static java.util.List<String> errorLines(String output) {
    return output.lines().filter(line -> line.startsWith("backplane:")).toList();
  }
}
