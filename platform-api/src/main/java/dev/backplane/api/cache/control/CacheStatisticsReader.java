package dev.backplane.api.cache.control;

import dev.backplane.api.cache.entity.CacheReport;
import dev.backplane.api.cache.entity.CacheStatistics;
import dev.backplane.api.instance.control.InstanceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.infinispan.Cache;

/** The statistics of the platform's caches, and clearing one. */
@ApplicationScoped
public class CacheStatisticsReader {

  @Inject CacheContainer container;
  @Inject InstanceIdentity instance;

  public List<CacheReport> all() {
    return container.manager().getCacheNames().stream().sorted().map(this::report).toList();
  }

  public Optional<CacheReport> one(String name) {
    return container.manager().cacheExists(name) ? Optional.of(report(name)) : Optional.empty();
  }

  /** Removes every entry of the cache (on every instance that holds any). */
  public void clear(String name) {
    container.manager().getCache(name).clear();
  }

  private CacheReport report(String name) {
    Cache<?, ?> cache = container.manager().getCache(name);
    var configuration = cache.getCacheConfiguration().clustering();
    var mode = configuration.cacheMode();
    var stats = cache.getAdvancedCache().getStats();
    var here =
        CacheStatistics.of(
            stats.getApproximateEntries(),
            stats.getHits(),
            stats.getMisses(),
            stats.getStores(),
            stats.getRemoveHits(),
            stats.getEvictions(),
            stats.getAverageReadTime(),
            stats.getAverageWriteTime());
    return new CacheReport(
        name,
        mode.name(),
        mode.isDistributed() ? configuration.hash().numOwners() : null,
        here,
        List.of(new CacheReport.InstanceStatistics(instance.id(), here)));
  }
}
