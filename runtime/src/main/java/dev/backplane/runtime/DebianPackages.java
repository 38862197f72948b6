package dev.backplane.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The Debian packages a command needs besides Java: installed with apt-get when missing and the
 * launcher runs as root, otherwise named in one line the user can act on.
 */
final class DebianPackages {

  /** One package and how to tell it is there. */
  record Package(String name, BooleanSupplier installed) {}

  /** A local cluster's PostgreSQL server and HAProxy load balancer. */
  static final List<Package> CLUSTER =
      List.of(
          new Package("postgresql", DebianPackages::hasPostgresServer),
          new Package("haproxy", () -> Files.isExecutable(Path.of("/usr/sbin/haproxy"))));

  /** wrk, which measures maximum throughput. */
  static final List<Package> WRK = List.of(new Package("wrk", () -> onPath("wrk")));

  private DebianPackages() {}

  static void ensure(String purpose, List<Package> packages) {
    var missing =
        packages.stream().filter(p -> !p.installed().getAsBoolean()).map(Package::name).toList();
    if (missing.isEmpty()) {
      return;
    }
    var names = String.join(" ", missing);
    if (!"root".equals(System.getProperty("user.name")) || !onPath("apt-get")) {
      throw new LaunchException(
          purpose
              + " needs the Debian packages: "
              + names
              + "; install them (as root: apt-get install "
              + names
              + ").");
    }
    System.out.println("backplane: installing " + names + " for " + purpose + " ...");
    try {
      var log = Files.createTempFile("backplane-apt", ".log");
      var install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
      install.addAll(missing);
      if (run(List.of("apt-get", "update", "-q"), log) != 0 || run(install, log) != 0) {
        var lines = Files.readAllLines(log);
        lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(System.err::println);
        throw new LaunchException(
            "installing " + names + " failed (above); install them and run again.");
      }
      Files.delete(log);
    } catch (IOException e) {
      throw new LaunchException("installing " + names + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("installing " + names + " was interrupted.");
    }
  }

  private static int run(List<String> command, Path log) throws IOException, InterruptedException {
    var builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    return builder.start().waitFor();
  }

  private static boolean hasPostgresServer() {
    var versions = new File("/usr/lib/postgresql").listFiles();
    if (versions == null) {
      return false;
    }
    for (var version : versions) {
      if (new File(version, "bin/initdb").canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static boolean onPath(String command) {
    var path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (var dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
