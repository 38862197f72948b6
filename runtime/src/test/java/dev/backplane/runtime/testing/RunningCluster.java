package dev.backplane.runtime.testing;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code ./backplane up --instances 3} (Keycloak, PostgreSQL, three instances, HAProxy) for all
 * system test classes that extend with it, started before the first of them and stopped by {@code
 * ./backplane down} when the test run ends: a cluster's start is the slowest step of the suite. A
 * class must leave the cluster as it found it (an instance it stops is started again by the
 * launcher; a dependency it freezes, it resumes).
 */
public final class RunningCluster implements BeforeAllCallback {

  public static final TestPorts PORTS = TestPorts.named("cluster", 10);

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Cluster.class, key -> Cluster.start(), Cluster.class);
  }

  /** The shared cluster while it runs. */
  static final class Cluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final BackplaneCommand up;
    private boolean closed;

    private Cluster(BackplaneCommand up) {
      this.up = up;
    }

    static Cluster start() {
      return new Cluster(
          BackplaneCommand.start(PORTS, Map.of(), "up", "--instances", "3")
              .awaitUp(Duration.ofMinutes(8)));
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(3), "down");
      up.awaitExit(Duration.ofMinutes(2));
    }
  }
}
