package dev.backplane.api.gateway.control;

import dev.backplane.api.cluster.control.CachedFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.protostream.SerializationContextInitializer;

/** The gateway's caches: the generation of its routes, and each instance's statistics. */
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
    // routes' kept answers (ResponseCache): a small near cache per instance in front of a
    // distributed one (each answer on 2 instances); each answer expires at its own time to live,
    // and a body is at most cache-max-body-bytes, so the counts bound the memory
    caches.local(ResponseCache.NEAR).memory().maxCount(1_000).whenFull(EvictionStrategy.REMOVE);
    caches
        .distributed(ResponseCache.SHARED, 2)
        .memory()
        .maxCount(4_000)
        .whenFull(EvictionStrategy.REMOVE);
    // each instance's last minutes of traffic and its targets' health, for the status report
    caches
        .replicated(RouteStatistics.CACHE)
        .expiration()
        .lifespan(6L * RouteStatistics.PUBLISH_SECONDS, TimeUnit.SECONDS);
  }
}
