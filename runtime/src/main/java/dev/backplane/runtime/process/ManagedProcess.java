package dev.backplane.runtime.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A server process the launcher started: its output goes to a log file, its PID to a PID file (so
 * that {@code ./backplane down} in another shell finds it), and it is stopped gently, then firmly.
 */
public final class ManagedProcess {

  private final String name;
  private final ProcessHandle handle;
  private final Path log;
  private final PidFile pidFile;

  private ManagedProcess(String name, ProcessHandle handle, Path log, PidFile pidFile) {
    this.name = name;
    this.handle = handle;
    this.log = log;
    this.pidFile = pidFile;
  }

  /**
   * Starts {@code command} with {@code environment} added to the launcher's own, appending its
   * output to {@code log}.
   *
   * @param marker a part of the command line that identifies this process when its PID is read back
   *     from the PID file, so that a reused PID is never signalled
   */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path workingDirectory,
      Path log,
      PidFile pidFile,
      String marker) {
    try {
      Files.createDirectories(log.getParent());
      var builder =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment);
      var process = builder.start();
      pidFile.write(process.pid(), marker);
      return new ManagedProcess(name, process.toHandle(), log, pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** The process a PID file names, if it is still running (and still the same program). */
  public static Optional<ManagedProcess> find(String name, PidFile pidFile, Path log) {
    return pidFile.runningProcess().map(handle -> new ManagedProcess(name, handle, log, pidFile));
  }

  public String name() {
    return name;
  }

  public long pid() {
    return handle.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return handle.isAlive();
  }

  /** Completes with this process when it has ended. */
  public CompletableFuture<ManagedProcess> onExit() {
    return handle.onExit().thenApply(ended -> this);
  }

  /**
   * SIGTERM to the process and its children (the servers shut down cleanly on it; wrapper scripts
   * forward it too), then SIGKILL to whatever is left after {@code grace}. Returns whether all
   * ended within the grace period.
   */
  public boolean stop(Duration grace) {
    return stop(grace, true);
  }

  /**
   * SIGTERM to the process alone, which stops its children itself, in its own order (the launcher);
   * then as {@link #stop}: SIGKILL to whatever of the family is left after {@code grace}.
   */
  public boolean stopParent(Duration grace) {
    return stop(grace, false);
  }

  private boolean stop(Duration grace, boolean childrenToo) {
    var family = Stream.concat(Stream.of(handle), handle.descendants()).toList();
    if (childrenToo) {
      family.forEach(ProcessHandle::destroy);
    } else {
      handle.destroy();
    }
    boolean clean = awaitExit(family, grace);
    if (!clean) {
      family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      awaitExit(family, Duration.ofSeconds(10));
    }
    pidFile.delete();
    return clean;
  }

  private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
    var all =
        CompletableFuture.allOf(
            processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    try {
      all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of the log, to show why a process failed. */
  public List<String> logTail(int lines) {
    try {
      var all = Files.readAllLines(log);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }
}
