package dev.backplane.api.cluster.control;

import dev.backplane.api.cluster.entity.CacheStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.infinispan.context.Flag;

/** The statistics of this instance's caches, read now. */
@ApplicationScoped
public class LocalCacheStatistics {

  @Inject CacheContainer container;

  /** The names of the caches, sorted. */
  public List<String> names() {
    return container.manager().getCacheNames().stream().sorted().toList();
  }

  public boolean exists(String name) {
    return container.manager().cacheExists(name);
  }

  /** This instance's figures of the cache: its entries are those it holds itself. */
  public CacheStatistics of(String name) {
    var cache = container.manager().getCache(name).getAdvancedCache();
    var stats = cache.getStats();
    return CacheStatistics.of(
        cache.withFlags(Flag.CACHE_MODE_LOCAL, Flag.SKIP_CACHE_LOAD).size(),
        stats.getHits(),
        stats.getMisses(),
        stats.getStores(),
        stats.getRemoveHits(),
        stats.getEvictions(),
        stats.getAverageReadTime(),
        stats.getAverageWriteTime());
  }
}
