package dev.backplane.runtime.bench;

import dev.backplane.runtime.LaunchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The maximum throughput of one address, measured by wrk (a closed model: as fast as it answers).
 */
public final class Wrk {

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private final int threads;
  private final int connections;

  public Wrk(int threads, int connections) {
    this.threads = threads;
    this.connections = connections;
  }

  public record Result(double requestsPerSecond, long errors) {}

  public static void requireInstalled() {
    try {
      var process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new LaunchException(
          "The benchmark needs wrk; install the Debian package wrk (./backplane bench does so as root).");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Result run(String url, String authorization, Duration duration) {
    var command =
        new ArrayList<>(
            List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s"));
    if (authorization != null) {
      command.addAll(List.of("-H", "Authorization: " + authorization));
    }
    command.add(url);
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)
          || process.exitValue() != 0) {
        throw new IllegalStateException("wrk failed:\n" + output);
      }
      var rate = RATE.matcher(output);
      if (!rate.find()) {
        throw new IllegalStateException("wrk printed no rate:\n" + output);
      }
      long errors = 0;
      var non2xx = NON_2XX.matcher(output);
      if (non2xx.find()) {
        errors += Long.parseLong(non2xx.group(1));
      }
      var socket = SOCKET_ERRORS.matcher(output);
      if (socket.find()) {
        for (int group = 1; group <= 4; group++) {
          errors += Long.parseLong(socket.group(group));
        }
      }
      return new Result(Double.parseDouble(rate.group(1)), errors);
    } catch (IOException e) {
      throw new IllegalStateException("wrk cannot be run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
