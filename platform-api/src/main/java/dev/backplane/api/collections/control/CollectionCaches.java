package dev.backplane.api.collections.control;

import dev.backplane.api.cluster.control.CachedFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * The caches of collections: the version of each collection's definition, and records read by id in
 * two levels ({@link RecordCache}).
 */
@ApplicationScoped
public class CollectionCaches implements CachedFeature {

  @Override
  public SerializationContextInitializer schema() {
    return null; // names and versions only
  }

  @Override
  public void defineCaches(CacheDefinitions caches) {
    // The version of each collection's definition (CollectionDefinitions): written after every
    // change commits, replicated synchronously, so that a change answers once every instance
    // knows the version it must read; reads are local.
    caches.replicated(CollectionDefinitions.CACHE);
    // Records by id: a small near cache per instance in front of a distributed one (each entry
    // on 2 instances, so losing one loses no entry), and the marks of records being changed,
    // replicated (every read checks its key's mark locally) and never evicted, only expired.
    caches
        .local(RecordCache.NEAR)
        .expiration()
        .lifespan(RecordCache.NEAR_LIFESPAN.toMillis(), TimeUnit.MILLISECONDS)
        .memory()
        .maxCount(10_000)
        .whenFull(EvictionStrategy.REMOVE);
    caches
        .distributed(RecordCache.SHARED, 2)
        .expiration()
        .lifespan(RecordCache.SHARED_LIFESPAN.toMillis(), TimeUnit.MILLISECONDS)
        .memory()
        .maxCount(200_000)
        .whenFull(EvictionStrategy.REMOVE);
    caches
        .replicated(RecordCache.WRITTEN)
        .expiration()
        .lifespan(RecordCache.MARKED.toMillis(), TimeUnit.MILLISECONDS);
  }
}
