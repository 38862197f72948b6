package dev.backplane.api.caches.control;

import dev.backplane.api.caches.entity.CacheReport;
import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.cluster.control.InstanceIdentity;
import dev.backplane.api.cluster.control.LocalCacheStatistics;
import dev.backplane.api.cluster.entity.CacheStatistics;
import dev.backplane.api.instance.control.InstanceRegistry;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.infinispan.Cache;

/**
 * The statistics of the platform's caches for administrators: this instance's own, read now, and
 * the other instances', from their latest heartbeat (at most a few seconds old).
 */
@ApplicationScoped
public class CacheStatisticsReader {

  @Inject CacheContainer container;
  @Inject LocalCacheStatistics local;
  @Inject InstanceIdentity instance;
  @Inject InstanceRegistry instances;

  public List<CacheReport> all() {
    var others = others();
    return local.names().stream().map(name -> report(name, others)).toList();
  }

  public Optional<CacheReport> one(String name) {
    return local.exists(name) ? Optional.of(report(name, others())) : Optional.empty();
  }

  /** Removes every entry of the cache, on every instance. */
  public void clear(String name) {
    container.manager().getCache(name).clear();
  }

  private List<InstanceSnapshot> others() {
    return instances.snapshotsNow().stream()
        .filter(snapshot -> !snapshot.id().equals(instance.id()))
        .sorted(Comparator.comparing(InstanceSnapshot::id))
        .toList();
  }

  private CacheReport report(String name, List<InstanceSnapshot> others) {
    Cache<?, ?> cache = container.manager().getCache(name);
    var clustering = cache.getCacheConfiguration().clustering();
    var mode = clustering.cacheMode();
    var perInstance = new ArrayList<CacheReport.InstanceStatistics>();
    perInstance.add(new CacheReport.InstanceStatistics(instance.id(), local.of(name)));
    for (var other : others) {
      other.caches().stream()
          .filter(sample -> sample.cache().equals(name))
          .findFirst()
          .ifPresent(
              sample ->
                  perInstance.add(
                      new CacheReport.InstanceStatistics(other.id(), sample.statistics())));
    }
    perInstance.sort(Comparator.comparing(CacheReport.InstanceStatistics::instance));
    return new CacheReport(
        name,
        mode.name(),
        mode.isDistributed() ? clustering.hash().numOwners() : null,
        // a local cache (a near cache, say) holds entries of its own on each instance
        total(
            mode.isClustered()
                ? cache.size()
                : perInstance.stream().mapToLong(one -> one.statistics().entries()).sum(),
            perInstance),
        perInstance);
  }

  /**
   * The cluster's figures: counts add up; average times are weighted by the reads and writes of
   * each instance; entries are the distinct entries of the cache (an entry kept on two instances
   * counts once).
   */
  private static CacheStatistics total(
      long entries, List<CacheReport.InstanceStatistics> perInstance) {
    long hits = 0;
    long misses = 0;
    long stores = 0;
    long removals = 0;
    long evictions = 0;
    double readTime = 0;
    double writeTime = 0;
    for (var one : perInstance) {
      var s = one.statistics();
      hits += s.hits();
      misses += s.misses();
      stores += s.stores();
      removals += s.removals();
      evictions += s.evictions();
      readTime += s.averageReadMillis() * (s.hits() + s.misses());
      writeTime += s.averageWriteMillis() * s.stores();
    }
    return CacheStatistics.of(
        entries,
        hits,
        misses,
        stores,
        removals,
        evictions,
        hits + misses == 0 ? 0 : readTime / (hits + misses),
        stores == 0 ? 0 : writeTime / stores);
  }
}
