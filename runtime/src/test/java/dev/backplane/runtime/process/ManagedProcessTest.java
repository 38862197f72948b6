package dev.backplane.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: started with a PID file, found again by it, stopped gently or firmly. */
class ManagedProcessTest {

  @TempDir Path dir;

  @Test
  void startWritesThePidFileAndTheLogAndStopEndsTheProcessGently() throws Exception {
    var pidFile = new PidFile(dir.resolve("run/sleeper.pid"));
    // "; true" keeps bash from replacing itself with sleep, which would drop the marker
    var process = start("echo started; sleep 60; true", pidFile, "sleeper-marker");

    assertThat(pidFile.runningProcess()).map(ProcessHandle::pid).contains(process.pid());
    // the output reaches the log (and the shell is past its start) before it is stopped
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(Files.readString(process.log())).contains("started"));
    assertThat(process.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(process.isAlive()).isFalse();
    assertThat(Files.exists(pidFile.path())).isFalse();
  }

  @Test
  void processThatIgnoresTermIsKilledAfterTheGracePeriodWithItsChildren() throws Exception {
    var pidFile = new PidFile(dir.resolve("run/stubborn.pid"));
    var process = start("trap '' TERM; sleep 60 & sleep 60 & wait", pidFile, "stubborn-marker");
    var children = awaitChildren(process);

    assertThat(process.stop(Duration.ofMillis(500))).isFalse();
    assertThat(process.isAlive()).isFalse();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void pidFileIgnoresAnotherProgramThatGotTheSamePid() throws Exception {
    var pidFile = new PidFile(dir.resolve("run/other.pid"));
    var process = start("exec sleep 60", pidFile, "sleep");
    try {
      pidFile.write(process.pid(), "something-else-entirely");

      assertThat(pidFile.runningProcess()).isEmpty();
      assertThat(ManagedProcess.find("other", pidFile, process.log())).isEmpty();
    } finally {
      pidFile.write(process.pid(), "sleep");
      process.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void pidFileOfAnEndedProcessNamesNothing() {
    var pidFile = new PidFile(dir.resolve("run/gone.pid"));
    var process = start("exit 0", pidFile, "gone-marker");
    process.stop(Duration.ofSeconds(5));
    pidFile.write(process.pid(), "gone-marker");

    assertThat(pidFile.runningProcess()).isEmpty();
  }

  private ManagedProcess start(String script, PidFile pidFile, String marker) {
    return ManagedProcess.start(
        "test",
        List.of("bash", "-c", script + " # " + marker),
        Map.of(),
        dir,
        dir.resolve("logs/test.log"),
        pidFile,
        marker);
  }

  private static List<ProcessHandle> awaitChildren(ManagedProcess process) {
    var handle = ProcessHandle.of(process.pid()).orElseThrow();
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> handle.children().toList(), children -> children.size() == 2);
  }
}
