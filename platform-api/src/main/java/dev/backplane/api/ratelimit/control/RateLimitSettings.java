package dev.backplane.api.ratelimit.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** The {@code backplane.rate-limit.*} configuration (see the README's configuration table). */
@ApplicationScoped
public class RateLimitSettings {

  private long timeoutMillis;
  private long localSyncMillis;
  private List<String> exemptPaths;
  private TrustedProxies trustedProxies;

  @PostConstruct
  void read() {
    // by the application's class loader (see CacheContainer): its own file's defaults
    var config = ConfigProvider.getConfig(RateLimitSettings.class.getClassLoader());
    timeoutMillis = config.getValue("backplane.rate-limit.timeout-ms", Long.class);
    localSyncMillis = config.getValue("backplane.rate-limit.local-sync-ms", Long.class);
    exemptPaths = list(config.getOptionalValue("backplane.rate-limit.exempt-paths", String.class));
    trustedProxies =
        TrustedProxies.of(
            list(config.getOptionalValue("backplane.rate-limit.trusted-proxies", String.class)));
  }

  private static List<String> list(java.util.Optional<String> value) {
    return value.map(v -> Arrays.stream(v.split(",")).map(String::trim)).stream()
        .flatMap(s -> s)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** How long a request waits for the counters before the policy's failure mode applies. */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** How often an instance reconciles its {@code local} counters with the cluster's. */
  public long localSyncMillis() {
    return localSyncMillis;
  }

  /** Whether no policy ever applies to this path (health probes, metrics scrapes). */
  public boolean exempt(String path) {
    return exemptPaths.stream()
        .anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
  }

  public TrustedProxies trustedProxies() {
    return trustedProxies;
  }
}
