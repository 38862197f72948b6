package dev.backplane.runtime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process and its children (Keycloak runs under a wrapper
 * script), read from Linux's /proc.
 *
 * @param cpuSeconds user and system CPU time used so far
 * @param rssBytes resident set size now
 */
public record ProcessStats(double cpuSeconds, long rssBytes) {

  /** Linux's clock ticks per second for /proc/[pid]/stat times (USER_HZ, 100 on every arch). */
  private static final double TICKS = 100.0;

  public static ProcessStats of(ProcessHandle process) {
    double cpu = 0;
    long rss = 0;
    for (var member : Stream.concat(Stream.of(process), process.descendants()).toList()) {
      cpu += cpuSeconds(member.pid());
      rss += rssBytes(member.pid());
    }
    return new ProcessStats(cpu, rss);
  }

  /**
   * The Java heap a JVM still uses after a full collection (the total of {@code jcmd <pid>
   * GC.class_histogram}, which collects first): what a leak would make grow.
   */
  public static double liveHeapMegabytes(long pid) {
    var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      var process =
          new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      var output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException("jcmd failed: " + output);
      }
      return output
          .lines()
          .filter(line -> line.startsWith("Total"))
          .map(line -> line.trim().split("\\s+"))
          .mapToDouble(fields -> Long.parseLong(fields[2]) / (1024.0 * 1024.0))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no total in jcmd's output: " + output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + jcmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running jcmd", e);
    }
  }

  public double rssMegabytes() {
    return rssBytes / (1024.0 * 1024.0);
  }

  private static double cpuSeconds(long pid) {
    try {
      var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name, which is in parentheses and may hold spaces
      var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended meanwhile
    }
  }

  private static long rssBytes(long pid) {
    try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
      return lines
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> line.replaceAll("[^0-9]", ""))
          .mapToLong(kilobytes -> Long.parseLong(kilobytes) * 1024)
          .findFirst()
          .orElse(0);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
