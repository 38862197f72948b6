package dev.backplane.api.gateway.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/** The {@code backplane.gateway.*} configuration (see the README's configuration table). */
@ApplicationScoped
public class GatewaySettings {

  private int maxConcurrentRequests;
  private int maxConnectionsPerTarget;
  private long circuitOpenMillis;
  private int cacheMaxBodyBytes;
  private int maxBodyMegabytes;

  @PostConstruct
  void read() {
    // by the application's class loader (see CacheContainer): its own file's defaults
    var config = ConfigProvider.getConfig(GatewaySettings.class.getClassLoader());
    maxConcurrentRequests =
        config.getValue("backplane.gateway.max-concurrent-requests", Integer.class);
    maxConnectionsPerTarget =
        config.getValue("backplane.gateway.max-connections-per-target", Integer.class);
    circuitOpenMillis = config.getValue("backplane.gateway.circuit-open-ms", Long.class);
    cacheMaxBodyBytes = config.getValue("backplane.gateway.cache-max-body-bytes", Integer.class);
    maxBodyMegabytes = config.getValue("backplane.gateway.max-body-megabytes", Integer.class);
  }

  /** Requests an instance forwards at once; beyond them, 503 at once. */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /** Connections an instance keeps open to one target at most. */
  public int maxConnectionsPerTarget() {
    return maxConnectionsPerTarget;
  }

  /** How long an open circuit keeps a failing target out before it is tried again. */
  public long circuitOpenMillis() {
    return circuitOpenMillis;
  }

  /** The largest request body, in MiB, of a route that does not say its own. */
  public int maxBodyMegabytes() {
    return maxBodyMegabytes;
  }

  /** The largest body of an answer a route keeps; larger ones are never kept. */
  public int cacheMaxBodyBytes() {
    return cacheMaxBodyBytes;
  }
}
