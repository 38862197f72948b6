package dev.backplane.api.caches.entity;

import dev.backplane.api.cluster.entity.CacheStatistics;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * One cache: how it is kept (mode, owners of each entry when distributed) and its statistics per
 * instance and in total.
 */
@JsonbPropertyOrder({"name", "mode", "owners", "total", "instances"})
public record CacheReport(
    String name,
    String mode,
    Integer owners,
    CacheStatistics total,
    List<InstanceStatistics> instances) {

  /** A cache's statistics on one instance. */
  public record InstanceStatistics(String instance, CacheStatistics statistics) {}
}
