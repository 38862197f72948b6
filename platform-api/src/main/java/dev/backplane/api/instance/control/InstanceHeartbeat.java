package dev.backplane.api.instance.control;

import dev.backplane.api.cluster.control.InstanceIdentity;
import dev.backplane.api.cluster.control.LocalCacheStatistics;
import dev.backplane.api.dependency.control.DependencyWatch;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import dev.backplane.api.request.control.RequestStatistics;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Publishes what this instance is doing to the cluster every {@value #EVERY_SECONDS} seconds: its
 * identity, memory, CPU, threads, requests, readiness checks and cache statistics (see {@link
 * InstanceSnapshot}).
 */
@ApplicationScoped
public class InstanceHeartbeat {

  private static final Logger LOG = Logger.getLogger(InstanceHeartbeat.class.getName());
  static final int EVERY_SECONDS = 5;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject InstanceIdentity identity;
  @Inject InstanceRegistry registry;
  @Inject RequestStatistics requests;
  @Inject LocalCacheStatistics caches;
  @Inject @Readiness Instance<HealthCheck> readiness;
  @Inject Instance<DependencyWatch> dependencies;

  @Inject
  @ConfigProperty(name = "backplane.instance.address")
  Optional<String> address;

  private final String version = buildVersion();
  private final Instant startedAt =
      Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  private volatile boolean leaving;
  private volatile ScheduledFuture<?> beating;

  void onStartup(@Observes Startup startup) {
    registry.watchView();
    beating = scheduler.scheduleAtFixedRate(this::beat, 0, EVERY_SECONDS, TimeUnit.SECONDS);
  }

  /** Tells the cluster at once that this instance is shutting down. */
  public void leaving() {
    leaving = true;
    beat();
  }

  /** Stops heartbeating and takes this instance off the list. */
  public void stop() {
    var running = beating;
    beating = null;
    if (running != null) {
      running.cancel(false);
      registry.withdraw(identity.id());
    }
  }

  private void beat() {
    try {
      registry.publish(snapshot());
    } catch (RuntimeException e) {
      // the next heartbeat tries again; a stopped cache manager ends them anyway
      LOG.log(Level.FINE, "heartbeat not published", e);
    }
  }

  InstanceSnapshot snapshot() {
    var checks =
        readiness.stream()
            .map(HealthCheck::call)
            .map(
                response ->
                    new InstanceSnapshot.HealthState(
                        response.getName(), response.getStatus() == HealthCheckResponse.Status.UP))
            .toList();
    var reachable =
        dependencies.stream()
            .map(watch -> new InstanceSnapshot.HealthState(watch.name(), watch.available()))
            .toList();
    String state;
    if (leaving) {
      state = InstanceSnapshot.LEAVING;
    } else if (!checks.stream().allMatch(InstanceSnapshot.HealthState::up)) {
      state = InstanceSnapshot.DOWN;
    } else if (!reachable.stream().allMatch(InstanceSnapshot.HealthState::up)) {
      state = InstanceSnapshot.DEGRADED;
    } else {
      state = InstanceSnapshot.UP;
    }
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    var window = requests.takeWindow();
    return new InstanceSnapshot(
        identity.id(),
        address.orElse(identity.id()),
        version,
        state,
        startedAt,
        Instant.now(),
        heap.getUsed(),
        heap.getMax(),
        cpuLoad(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        window.requestsPerSecond(),
        window.errorRate(),
        window.p95Millis(),
        requests.inFlight(),
        checks,
        reachable,
        caches.names().stream()
            .map(name -> new InstanceSnapshot.CacheSample(name, caches.of(name)))
            .toList());
  }

  private static double cpuLoad() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuLoad()
        : -1;
  }

  private static String buildVersion() {
    try (var in = InstanceHeartbeat.class.getResourceAsStream("/backplane-build.properties")) {
      var properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
