package dev.backplane.runtime.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The ports and data directory of one platform started by the tests: away from the defaults, so
 * that the tests run beside a developer's own {@code ./backplane up}.
 */
public record TestPorts(
    int http,
    int https,
    int keycloak,
    int keycloakManagement,
    int postgres,
    int loadBalancerStats,
    int cluster,
    Path data) {

  /** Where the tests keep their platforms' data (set by the build, under target/). */
  public static final Path TEST_DATA =
      Path.of(System.getProperty("backplane.test-data", "target/system-test-data"))
          .toAbsolutePath();

  public static TestPorts named(String name, int offset) {
    return new TestPorts(
        18080 + offset,
        17443 + offset,
        18180 + offset,
        19000 + offset,
        15433 + offset,
        18404 + offset,
        17800 + offset,
        TEST_DATA.resolve(name));
  }

  public String publicUrl() {
    return "http://localhost:" + http;
  }

  /** The same over HTTPS (the instance's, or the load balancer's for a cluster). */
  public String publicHttpsUrl() {
    return "https://localhost:" + https;
  }

  /** The address of instance {@code n} of a cluster (the load balancer has {@link #http}). */
  public String instanceUrl(int n) {
    return "http://localhost:" + (http + n);
  }

  public String keycloakUrl() {
    return "http://localhost:" + keycloak;
  }

  /** Processes that run from this platform's data directory: its servers, while they live. */
  public List<ProcessHandle> processes() {
    var marker = data.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .toList();
  }

  public Map<String, String> environment() {
    return Map.of(
        "BACKPLANE_HTTP_PORT", Integer.toString(http),
        "BACKPLANE_HTTPS_PORT", Integer.toString(https),
        "BACKPLANE_KEYCLOAK_PORT", Integer.toString(keycloak),
        "BACKPLANE_KEYCLOAK_MANAGEMENT_PORT", Integer.toString(keycloakManagement),
        "BACKPLANE_POSTGRES_PORT", Integer.toString(postgres),
        "BACKPLANE_LB_STATS_PORT", Integer.toString(loadBalancerStats),
        "BACKPLANE_CLUSTER_PORT", Integer.toString(cluster),
        "BACKPLANE_DATA", data.toString());
  }
}
