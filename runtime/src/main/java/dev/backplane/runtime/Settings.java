package dev.backplane.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the launcher runs the platform: ports, directories, heap, time limits. Every value comes from
 * an environment variable (listed in the README) with a default for one instance on a laptop.
 *
 * @param distribution where the launcher, WARs, Payara Micro and Keycloak's archive are
 * @param data where everything the platform writes goes: databases, Keycloak, logs, PID files
 */
public record Settings(
    Path distribution,
    Path data,
    int httpPort,
    int httpsPort,
    int keycloakPort,
    int keycloakManagementPort,
    String instanceHeap,
    List<String> instanceJvmOptions,
    String keycloakHeap,
    Duration keycloakTimeout,
    Duration instanceTimeout,
    int instances,
    int postgresPort,
    int loadBalancerStatsPort,
    int clusterPort,
    String clusterDiscovery) {

  /** The most instances a local cluster runs (each needs its own memory and CPU). */
  public static final int MAX_INSTANCES = 9;

  public static Settings from(Map<String, String> env, Path defaultDistribution, Path defaultData) {
    var reader = new EnvironmentReader(env);
    return new Settings(
        reader.path("BACKPLANE_DIST", defaultDistribution),
        reader.path("BACKPLANE_DATA", defaultData),
        reader.port("BACKPLANE_HTTP_PORT", 8080),
        reader.port("BACKPLANE_HTTPS_PORT", 8443),
        reader.port("BACKPLANE_KEYCLOAK_PORT", 8180),
        reader.port("BACKPLANE_KEYCLOAK_MANAGEMENT_PORT", 9000),
        reader.text("BACKPLANE_INSTANCE_HEAP", "384m"),
        reader.words("BACKPLANE_INSTANCE_JVM_OPTIONS"),
        reader.text("BACKPLANE_KEYCLOAK_HEAP", "512m"),
        reader.seconds("BACKPLANE_KEYCLOAK_TIMEOUT", 300),
        reader.seconds("BACKPLANE_INSTANCE_TIMEOUT", 240),
        1,
        reader.port("BACKPLANE_POSTGRES_PORT", 5433),
        reader.port("BACKPLANE_LB_STATS_PORT", 8404),
        reader.port("BACKPLANE_CLUSTER_PORT", 7800),
        reader.oneOf("BACKPLANE_CLUSTER_DISCOVERY", "tcpping", "tcpping", "jdbc"));
  }

  /**
   * The same settings for a cluster of {@code count} instances (1: one instance with its own H2
   * database, the default).
   */
  public Settings withInstances(int count) {
    if (count < 1 || count > MAX_INSTANCES) {
      throw new LaunchException(
          "--instances " + count + " is not possible; use 1 to " + MAX_INSTANCES + ".");
    }
    return new Settings(
        distribution,
        data,
        httpPort,
        httpsPort,
        keycloakPort,
        keycloakManagementPort,
        instanceHeap,
        instanceJvmOptions,
        keycloakHeap,
        keycloakTimeout,
        instanceTimeout,
        count,
        postgresPort,
        loadBalancerStatsPort,
        clusterPort,
        clusterDiscovery);
  }

  public boolean clustered() {
    return instances > 1;
  }

  /** The address browsers use for the platform (Keycloak redirects back to it). */
  public String publicUrl() {
    return "http://localhost:" + httpPort;
  }

  /** The same over HTTPS (the instance's, or the load balancer's for a cluster). */
  public String publicHttpsUrl() {
    return "https://localhost:" + httpsPort;
  }

  /** The development certificate HTTPS is served with. */
  public dev.backplane.runtime.tls.DevCertificate certificate() {
    return new dev.backplane.runtime.tls.DevCertificate(data);
  }

  /** The address the browser and the platform use for Keycloak; it is also the token issuer. */
  public String keycloakUrl() {
    return "http://localhost:" + keycloakPort;
  }

  public String issuer() {
    return keycloakUrl() + "/realms/backplane";
  }

  public Path logs() {
    return data.resolve("logs");
  }

  public Path run() {
    return data.resolve("run");
  }

  /** Reads typed values, naming the variable when one is malformed. */
  private record EnvironmentReader(Map<String, String> env) {

    String text(String name, String fallback) {
      var value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    String oneOf(String name, String fallback, String... allowed) {
      var value = text(name, fallback);
      if (!List.of(allowed).contains(value)) {
        throw new LaunchException(
            name + "=" + value + " is not possible here; use one of " + List.of(allowed) + ".");
      }
      return value;
    }

    List<String> words(String name) {
      var value = env.get(name);
      return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    Path path(String name, Path fallback) {
      var value = env.get(name);
      return (value == null || value.isBlank() ? fallback : Path.of(value.trim()))
          .toAbsolutePath()
          .normalize();
    }

    int port(String name, int fallback) {
      int port = number(name, fallback);
      if (port < 1 || port > 65535) {
        throw new LaunchException(
            name + "=" + port + " is not a port; use a number from 1 to 65535.");
      }
      return port;
    }

    Duration seconds(String name, int fallback) {
      int seconds = number(name, fallback);
      if (seconds < 1) {
        throw new LaunchException(name + " must be a positive number of seconds.");
      }
      return Duration.ofSeconds(seconds);
    }

    private int number(String name, int fallback) {
      var value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new LaunchException(name + "=" + value + " is not a whole number.");
      }
    }
  }
}
