package dev.backplane.api.instance.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * One point of an instance's history (kept 15 minutes in the cluster): the figures the console
 * charts. Cache hits and misses are counted since the instance started; a chart takes differences.
 */
@Proto
@JsonbPropertyOrder({
  "at",
  "heapUsedBytes",
  "heapMaxBytes",
  "cpuLoad",
  "requestsPerSecond",
  "errorRate",
  "p95Millis",
  "caches"
})
public record InstanceSample(
    Instant at,
    long heapUsedBytes,
    long heapMaxBytes,
    double cpuLoad,
    double requestsPerSecond,
    double errorRate,
    double p95Millis,
    List<CacheCounts> caches) {

  /** Reads of one cache that found their entry (hits) or not (misses), since start. */
  @Proto
  public record CacheCounts(String cache, long hits, long misses) {}

  public static InstanceSample of(InstanceSnapshot snapshot) {
    return new InstanceSample(
        snapshot.takenAt(),
        snapshot.heapUsedBytes(),
        snapshot.heapMaxBytes(),
        snapshot.cpuLoad(),
        snapshot.requestsPerSecond(),
        snapshot.errorRate(),
        snapshot.p95Millis(),
        snapshot.caches().stream()
            .map(c -> new CacheCounts(c.cache(), c.statistics().hits(), c.statistics().misses()))
            .toList());
  }
}
