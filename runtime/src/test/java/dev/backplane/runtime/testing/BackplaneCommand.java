package dev.backplane.runtime.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs {@code ./backplane} the way a person does, as its own process group (so that Ctrl-C can be
 * sent to it as a terminal would), with the ports and data directory of one test platform.
 */
public final class BackplaneCommand implements AutoCloseable {

  /** Where this project is checked out (set by the build). */
  public static final Path HOME =
      Path.of(System.getProperty("backplane.home", "..")).toAbsolutePath().normalize();

  private final Process process;
  private final Path output;

  private BackplaneCommand(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code ./backplane args...} with {@code environment} on top of this JVM's. */
  public static BackplaneCommand start(
      TestPorts ports, Map<String, String> environment, String... args) {
    try {
      Files.createDirectories(ports.data());
      var output = Files.createTempFile(ports.data(), "backplane-" + args[0] + "-", ".out");
      var command = new ArrayList<>(List.of("setsid", HOME.resolve("backplane").toString()));
      command.addAll(List.of(args));
      var builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
      builder.redirectOutput(output.toFile());
      var env = new HashMap<>(ports.environment());
      env.put("BACKPLANE_NO_BUILD", "1"); // the build under test already assembled the distribution
      env.putAll(environment);
      builder.environment().putAll(env);
      return new BackplaneCommand(builder.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code ./backplane args...} to its end and returns what it printed and its exit code. */
  public static Result run(
      TestPorts ports, Map<String, String> environment, Duration timeout, String... args) {
    try (var command = start(ports, environment, args)) {
      if (!command.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "./backplane "
                + String.join(" ", args)
                + " did not end within "
                + timeout
                + ":\n"
                + command.output());
      }
      return new Result(command.process.exitValue(), command.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Result(int exitCode, String output) {}

  /** Waits until the platform says it is up; fails with its output when it ends first. */
  public BackplaneCommand awaitUp(Duration timeout) {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> output().contains("Backplane is up") || !process.isAlive());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("./backplane up was not up within " + timeout + ":\n" + output());
    }
    if (!output().contains("Backplane is up")) {
      throw new AssertionError(
          "./backplane up ended with " + process.exitValue() + ":\n" + output());
    }
    return this;
  }

  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What a terminal does on Ctrl-C: SIGINT to the whole foreground process group. */
  public void interrupt() {
    if (ignoresInterrupt()) {
      throw new AssertionError(
          "./backplane ignores SIGINT: the tests were started from a job that ignores it (e.g."
              + " `( ... &)` in a script, or nohup); run them in the foreground.");
    }
    try {
      new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether SIGINT is ignored by the command (inherited; a JVM then never sees Ctrl-C). */
  private boolean ignoresInterrupt() {
    try {
      return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
          .filter(line -> line.startsWith("SigIgn:"))
          .map(line -> Long.parseUnsignedLong(line.substring(7).trim(), 16))
          .anyMatch(ignored -> (ignored & (1L << 1)) != 0); // bit 1: signal 2, SIGINT
    } catch (IOException e) {
      return false; // no /proc: nothing to tell
    }
  }

  /** Waits for the command to end; returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("./backplane did not end within " + timeout + ":\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
    }
  }
}
