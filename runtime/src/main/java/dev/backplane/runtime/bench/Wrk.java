package dev.backplane.runtime.bench;

import dev.backplane.runtime.LaunchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    return run(url, List.of(), authorization, duration);
  }

  /**
   * As {@link #run(String, String, Duration)}, with the requests taking the paths in turn (e.g. a
   * few different users), through a Lua script of wrk's.
   */
  public Result run(String baseUrl, List<String> paths, String authorization, Duration duration) {
    var command =
        new ArrayList<>(
            List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s"));
    if (authorization != null) {
      command.addAll(List.of("-H", "Authorization: " + authorization));
    }
    Path script = null;
    try {
      if (!paths.isEmpty()) {
        script = Files.createTempFile("backplane-wrk-", ".lua");
        Files.writeString(script, script(paths));
        command.addAll(List.of("-s", script.toString()));
      }
      command.add(baseUrl);
      return run(command, duration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write wrk's script", e);
    } finally {
      if (script != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException e) {
          // a temporary file left behind
        }
      }
    }
  }

  /**
   * Offers about {@code rate} requests a second over this many connections: each connection waits
   * {@code connections / rate} between its requests (wrk's delay hook). A paced load, not an open
   * one: a connection whose answer is late sends its next request late, so the load at the server
   * is at most what the connections carry; with many connections and answers faster than the pause,
   * it is close to the rate. wrk, not the JVM, because only wrk offers twice an instance's maximum
   * from one core of this machine.
   */
  public Result runPaced(
      String url, String authorization, double rate, int connections, Duration duration) {
    long pause = Math.max(1, Math.round(connections * 1000.0 / rate));
    return runScript(
        url,
        authorization,
        "function delay()\n  return " + pause + "\nend\n",
        connections,
        duration);
  }

  /** As {@link #run(String, String, Duration)}, each request a POST of {@code json}. */
  public Result runPost(String url, String authorization, String json, Duration duration) {
    if (json.contains("]]")) {
      throw new IllegalArgumentException("not a body for a Lua long string: " + json);
    }
    return runScript(
        url,
        authorization,
        "wrk.method = \"POST\"\nwrk.body = [["
            + json
            + "]]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n",
        connections,
        duration);
  }

  private Result runScript(
      String url, String authorization, String lua, int connections, Duration duration) {
    Path script = null;
    try {
      script = Files.createTempFile("backplane-wrk-", ".lua");
      Files.writeString(script, lua);
      var command =
          new ArrayList<>(
              List.of(
                  "wrk",
                  "-t" + threads,
                  "-c" + connections,
                  "-d" + duration.toSeconds() + "s",
                  "-s",
                  script.toString()));
      if (authorization != null) {
        command.addAll(List.of("-H", "Authorization: " + authorization));
      }
      command.add(url);
      return run(command, duration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write wrk's script", e);
    } finally {
      if (script != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException e) {
          // a temporary file left behind
        }
      }
    }
  }

  /** Each request takes the next path; the headers given on the command line stay. */
  static String script(List<String> paths) {
    var quoted =
        paths.stream()
            .map(
                path -> {
                  if (!path.matches("[A-Za-z0-9/?&=._~%-]+")) {
                    throw new IllegalArgumentException("not a plain path: " + path);
                  }
                  return "\"" + path + "\"";
                })
            .toList();
    return """
        local paths = { %s }
        local n = 0
        request = function()
          n = n + 1
          return wrk.format(nil, paths[(n %% #paths) + 1])
        end
        """
        .formatted(String.join(", ", quoted));
  }

  private Result run(List<String> command, Duration duration) {
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
