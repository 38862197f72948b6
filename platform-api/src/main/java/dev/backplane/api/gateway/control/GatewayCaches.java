package dev.backplane.api.gateway.control;

import dev.backplane.api.cluster.control.CachedFeature;
import jakarta.enterprise.context.ApplicationScoped;
import org.infinispan.protostream.SerializationContextInitializer;

/** The gateway's one cache: the generation of its routes. */
@ApplicationScoped
public class GatewayCaches implements CachedFeature {

  @Override
  public SerializationContextInitializer schema() {
    return null;
  }

  @Override
  public void defineCaches(CacheDefinitions caches) {
    // a new generation after every write of a route (RouteCatalog): each instance is told of it
    // before the write answers, replicated synchronously
    caches.replicated(RouteCatalog.CACHE);
  }
}
