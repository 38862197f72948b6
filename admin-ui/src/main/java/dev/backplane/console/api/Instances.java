package dev.backplane.console.api;

import java.time.Instant;
import java.util.List;

/** Every instance of the cluster and the cluster view (GET /api/v1/admin/instances). */
public record Instances(View view, List<Instance> instances) {

  public record View(String cluster, long viewId, String coordinator, List<String> members) {}

  /** One instance: its status, latest heartbeat (absent while starting) and maybe its history. */
  public record Instance(
      String id, String status, boolean member, Snapshot snapshot, List<Sample> history) {}

  public record Snapshot(
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
      List<Check> checks,
      List<Check> dependencies,
      List<CacheSample> caches) {}

  public record Check(String name, boolean up) {}

  public record CacheSample(String cache, CacheReport.Statistics statistics) {}

  /** One heartbeat of the history; cache counts are cumulative since the instance started. */
  public record Sample(
      Instant at,
      long heapUsedBytes,
      long heapMaxBytes,
      double cpuLoad,
      double requestsPerSecond,
      double errorRate,
      double p95Millis,
      List<CacheCounts> caches) {}

  public record CacheCounts(String cache, long hits, long misses) {}
}
