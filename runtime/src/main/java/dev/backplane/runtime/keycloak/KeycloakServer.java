package dev.backplane.runtime.keycloak;

import dev.backplane.runtime.Directories;
import dev.backplane.runtime.Distribution;
import dev.backplane.runtime.LaunchException;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.Settings;
import dev.backplane.runtime.process.HttpProbe;
import dev.backplane.runtime.process.ManagedProcess;
import dev.backplane.runtime.process.PidFile;
import dev.backplane.runtime.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from the distribution Maven Central serves: unpacked into the data directory and built
 * once, then started on loopback with the realms imported (only the first time they are seen:
 * Keycloak keeps its own H2 database in the data directory, so users survive restarts).
 */
public final class KeycloakServer {

  public static final String NAME = "keycloak";

  /** Build-time options; a change makes the next start rebuild. */
  private static final List<String> BUILD_OPTIONS =
      List.of("--db=dev-file", "--health-enabled=true");

  private final Settings settings;
  private final Distribution distribution;
  private final Path home;

  public KeycloakServer(Settings settings, Distribution distribution) {
    this.settings = settings;
    this.distribution = distribution;
    this.home =
        settings.data().resolve("keycloak").resolve("keycloak-" + distribution.keycloakVersion());
  }

  public void checkPorts() {
    Ports.requireFree(settings.keycloakPort(), "Keycloak", "BACKPLANE_KEYCLOAK_PORT");
    Ports.requireFree(
        settings.keycloakManagementPort(),
        "Keycloak management",
        "BACKPLANE_KEYCLOAK_MANAGEMENT_PORT");
  }

  /** Unpacks and builds Keycloak where that has not been done yet for these options. */
  public void install(Progress progress) {
    if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
      var step =
          progress.step(
              "Keycloak " + distribution.keycloakVersion() + ": unpacking (first run only)");
      // into a side folder first: an interrupted unpack must not look like a finished one
      var unpacking = home.resolveSibling(".unpacking");
      Directories.deleteTree(unpacking);
      unpack(distribution.keycloakArchive(), unpacking);
      Directories.deleteTree(home);
      move(unpacking.resolve(home.getFileName()), home);
      Directories.deleteTree(unpacking);
      step.done();
    }
    var marker = home.resolve(".backplane-build");
    var wanted = String.join(" ", BUILD_OPTIONS);
    if (!wanted.equals(read(marker))) {
      var step =
          progress.step(
              "Keycloak: optimizing the server for this setup (first run only, about a minute)");
      var command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
      command.addAll(BUILD_OPTIONS);
      var log = settings.logs().resolve("keycloak-build.log");
      int exit = runToEnd(command, log);
      if (exit != 0) {
        step.failed();
        throw new LaunchException("Building Keycloak failed (exit " + exit + "); see " + log + ".");
      }
      write(marker, wanted);
      step.done();
    }
  }

  /** Starts Keycloak with these realm files to import, and waits until it is ready. */
  public ManagedProcess start(Progress progress, List<Path> realms) {
    return start(progress, realms, Map.of());
  }

  /**
   * As {@link #start(Progress, List)}, with more environment variables for Keycloak: the values a
   * realm file's placeholders take at import (the production realm's secrets).
   */
  public ManagedProcess start(Progress progress, List<Path> realms, Map<String, String> extra) {
    copyRealms(realms);
    var step = progress.step("Keycloak: starting on " + settings.keycloakUrl());
    var command =
        List.of(
            home.resolve("bin/kc.sh").toString(),
            "start",
            "--optimized",
            "--cache=local",
            "--http-enabled=true",
            "--http-host=127.0.0.1",
            "--http-port=" + settings.keycloakPort(),
            "--hostname=" + settings.keycloakUrl(),
            "--http-management-port=" + settings.keycloakManagementPort(),
            "--import-realm");
    var process =
        ManagedProcess.start(
            NAME,
            command,
            environment(extra),
            home,
            settings.logs().resolve("keycloak.log"),
            pidFile(settings),
            home.toString());
    var outcome = HttpProbe.awaitOk(readinessUrl(), settings.keycloakTimeout(), process::isAlive);
    if (outcome != HttpProbe.Outcome.READY) {
      step.failed();
      process.stop(Duration.ofSeconds(20));
      throw new LaunchException(
          (outcome == HttpProbe.Outcome.DIED
                  ? "Keycloak stopped while starting"
                  : "Keycloak did not become ready within "
                      + settings.keycloakTimeout().toSeconds()
                      + " s")
              + "; see "
              + process.log()
              + " (BACKPLANE_KEYCLOAK_TIMEOUT sets the limit).");
    }
    step.done("ready");
    return process;
  }

  public String readinessUrl() {
    return "http://127.0.0.1:" + settings.keycloakManagementPort() + "/health/ready";
  }

  public static PidFile pidFile(Settings settings) {
    return new PidFile(settings.run().resolve(NAME + ".pid"));
  }

  private Map<String, String> environment(Map<String, String> extra) {
    var environment = new HashMap<>(extra);
    environment.putAll(ownEnvironment());
    return environment;
  }

  private Map<String, String> ownEnvironment() {
    return Map.of(
        "JAVA_HOME",
        System.getProperty("java.home"),
        // Keycloak sizes its heap from the machine's memory otherwise
        "JAVA_OPTS_KC_HEAP",
        "-Xms64m -Xmx" + settings.keycloakHeap(),
        // the master realm's first administrator, for Keycloak's own admin console (dev only)
        "KC_BOOTSTRAP_ADMIN_USERNAME",
        "keycloak-admin",
        "KC_BOOTSTRAP_ADMIN_PASSWORD",
        "keycloak-admin");
  }

  /**
   * Realm files go to Keycloak's import folder, with the default public addresses (HTTP and HTTPS)
   * replaced by the configured ones (redirect URIs must name the address the browser uses).
   */
  private void copyRealms(List<Path> realms) {
    try {
      var imports = home.resolve("data/import");
      Files.createDirectories(imports);
      for (var realm : realms) {
        var json =
            Files.readString(realm, StandardCharsets.UTF_8)
                .replace("http://localhost:8080", settings.publicUrl())
                .replace("https://localhost:8443", settings.publicHttpsUrl());
        Files.writeString(imports.resolve(realm.getFileName()), json, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int runToEnd(List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      var builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      builder.environment().putAll(ownEnvironment());
      var process = builder.start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("Interrupted while building Keycloak.");
    }
  }

  private static void unpack(Path archive, Path target) {
    try (var zip = new ZipInputStream(Files.newInputStream(archive))) {
      for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        var path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new LaunchException(
              "The Keycloak archive "
                  + archive
                  + " holds a path outside its folder: "
                  + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(zip, path, StandardCopyOption.REPLACE_EXISTING);
          if (path.getFileName().toString().endsWith(".sh")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
          }
        }
      }
    } catch (IOException e) {
      throw new LaunchException("Cannot unpack " + archive + ": " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new LaunchException(
          "Cannot move the unpacked Keycloak to " + to + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file).trim() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
