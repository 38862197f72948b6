package dev.backplane.api.instance.entity;

import dev.backplane.api.cluster.entity.CacheStatistics;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * What one instance said about itself in its latest heartbeat.
 *
 * @param id the instance's name in the cluster (instance-1...)
 * @param address where the instance serves HTTP
 * @param state UP (every readiness check passes and every shared dependency answers), DEGRADED
 *     (ready, but a shared dependency does not answer: what needs it answers 503), DOWN (a
 *     readiness check fails) or LEAVING (shutting down)
 * @param cpuLoad the JVM's share of all CPUs, 0 to 1; negative when the JVM cannot tell
 * @param requestsPerSecond API requests (not health probes or metrics) since the previous heartbeat
 * @param errorRate the share of those requests answered with a 5xx status
 * @param p95Millis their 95th percentile latency; 0 without requests
 * @param checks the instance's readiness checks
 * @param dependencies whether each shared dependency (database, Keycloak) answers this instance
 * @param caches this instance's statistics of every cache
 */
@Proto
@JsonbPropertyOrder({
  "id",
  "address",
  "version",
  "state",
  "startedAt",
  "takenAt",
  "heapUsedBytes",
  "heapMaxBytes",
  "cpuLoad",
  "threads",
  "requestsPerSecond",
  "errorRate",
  "p95Millis",
  "inFlight",
  "checks",
  "dependencies",
  "caches"
})
public record InstanceSnapshot(
    String id,
    String address,
    String version,
    String state,
    Instant startedAt,
    Instant takenAt,
    long heapUsedBytes,
    long heapMaxBytes,
    double cpuLoad,
    int threads,
    double requestsPerSecond,
    double errorRate,
    double p95Millis,
    int inFlight,
    List<HealthState> checks,
    List<HealthState> dependencies,
    List<CacheSample> caches) {

  public static final String UP = "UP";
  public static final String DEGRADED = "DEGRADED";
  public static final String DOWN = "DOWN";
  public static final String LEAVING = "LEAVING";

  /** One readiness check's outcome, or whether one dependency answers. */
  @Proto
  public record HealthState(String name, boolean up) {}

  /** One cache's statistics on this instance. */
  @Proto
  public record CacheSample(String cache, CacheStatistics statistics) {}
}
