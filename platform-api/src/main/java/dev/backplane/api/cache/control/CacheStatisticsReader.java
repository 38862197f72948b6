package dev.backplane.api.cache.control;

import dev.backplane.api.cache.entity.CacheReport;
import dev.backplane.api.cache.entity.CacheStatistics;
import dev.backplane.api.instance.control.InstanceIdentity;
import dev.backplane.api.instance.control.InstanceRegistry;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

/**
 * The statistics of the platform's caches: this instance's own, read now, and the other instances',
 * from their latest heartbeat (at most a few seconds old).
 */
@ApplicationScoped
public class CacheStatisticsReader {

  @Inject CacheContainer container;
  @Inject InstanceIdentity instance;
  @Inject InstanceRegistry instances;

  public List<CacheReport> all() {
    var others = others();
    return names().stream().map(name -> report(name, others)).toList();
  }

  public Optional<CacheReport> one(String name) {
    return container.manager().cacheExists(name)
        ? Optional.of(report(name, others()))
        : Optional.empty();
  }

  /** This instance's statistics of every cache, for its heartbeat. */
  public List<InstanceSnapshot.CacheSample> localSamples() {
    return names().stream()
        .map(name -> new InstanceSnapshot.CacheSample(name, local(name)))
        .toList();
  }

  /** Removes every entry of the cache, on every instance. */
  public void clear(String name) {
    container.manager().getCache(name).clear();
  }

  private List<String> names() {
    return container.manager().getCacheNames().stream().sorted().toList();
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
    perInstance.add(new CacheReport.InstanceStatistics(instance.id(), local(name)));
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
        total(cache.size(), perInstance),
        perInstance);
  }

  private CacheStatistics local(String name) {
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
