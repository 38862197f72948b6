package dev.backplane.api.instance.control;

import dev.backplane.api.cluster.control.CachedFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.protostream.SerializationContextInitializer;

/** The caches of the instances' heartbeats, and their schema. */
@ApplicationScoped
public class InstanceCaches implements CachedFeature {

  static final String LATEST = "instances";
  static final String HISTORY = "instance-history";

  @Override
  public SerializationContextInitializer schema() {
    return new InstanceValuesImpl();
  }

  @Override
  public void defineCaches(CacheDefinitions caches) {
    // The latest heartbeat of every instance (InstanceHeartbeat): gone 15 s after the last.
    caches.replicated(LATEST).expiration().lifespan(15, TimeUnit.SECONDS);
    // Heartbeats of the last 15 minutes, for the console's charts: 12 a minute per instance.
    caches
        .replicated(HISTORY)
        .expiration()
        .lifespan(15, TimeUnit.MINUTES)
        .memory()
        .maxCount(50_000)
        .whenFull(EvictionStrategy.REMOVE);
  }
}
