package dev.backplane.api.collections.control;

import dev.backplane.api.cluster.control.CachedFeature;
import jakarta.enterprise.context.ApplicationScoped;
import org.infinispan.protostream.SerializationContextInitializer;

/** The caches of collections: the version of each collection's definition. */
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
  }
}
