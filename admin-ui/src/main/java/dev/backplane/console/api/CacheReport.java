package dev.backplane.console.api;

import java.util.List;

/** One cache with its statistics in total and per instance (GET /api/v1/admin/caches). */
public record CacheReport(
    String name, String mode, Integer owners, Statistics total, List<PerInstance> instances) {

  public record PerInstance(String instance, Statistics statistics) {}

  public record Statistics(
      long entries,
      long hits,
      long misses,
      Double hitRatio,
      long stores,
      long removals,
      long evictions,
      double averageReadMillis,
      double averageWriteMillis) {}
}
