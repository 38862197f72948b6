package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cluster.control.CachedFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.protostream.SerializationContextInitializer;

/** The caches of rate limiting: counters, the policies' generation and usage; and their schema. */
@ApplicationScoped
public class RateLimitCaches implements CachedFeature {

  @Override
  public SerializationContextInitializer schema() {
    return new RateLimitValuesImpl();
  }

  @Override
  public void defineCaches(CacheDefinitions caches) {
    // One counter per policy and partition (client, subject, address...), shared: each updated at
    // its primary owner (exact across the cluster), on 2 instances so that losing one loses no
    // count. Each entry lives as long as its algorithm needs it (set per write). Bounded: under a
    // flood of distinct partitions the least recently used start over, which can admit up to a
    // quota more for those.
    caches
        .distributed(ExactCounters.CACHE, 2)
        .memory()
        .maxCount(200_000)
        .whenFull(EvictionStrategy.REMOVE);
    // The generation of the policies (a new one after every write, PolicyCatalog): each instance
    // is told of it before the write answers and reads the policies anew. Replicated
    // synchronously, so that telling waits for every instance.
    caches.replicated(PolicyCatalog.CACHE);
    // Each instance's usage of the last minutes, for the usage view.
    caches.replicated(RateLimitUsage.CACHE).expiration().lifespan(30, TimeUnit.SECONDS);
  }
}
