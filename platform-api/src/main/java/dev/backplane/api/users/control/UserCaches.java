package dev.backplane.api.users.control;

import dev.backplane.api.cluster.control.CachedFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.protostream.SerializationContextInitializer;

/** The caches of users read from Keycloak, and their schema. */
@ApplicationScoped
public class UserCaches implements CachedFeature {

  @Override
  public SerializationContextInitializer schema() {
    return new UserValuesImpl();
  }

  @Override
  public void defineCaches(CacheDefinitions caches) {
    // Users and pages of users, shared: each entry on 2 instances, so losing one loses no entry.
    // Changes made through Backplane are seen at once (the generation below); changes made
    // directly in Keycloak within the lifespan: 30 s.
    caches
        .distributed(UserCache.NAME, 2)
        .expiration()
        .lifespan(30, TimeUnit.SECONDS)
        .memory()
        .maxCount(20_000)
        .whenFull(EvictionStrategy.REMOVE);
    // The generation of the users cache (a new one after every write through Backplane), and the
    // user names whose creation succeeded lately (see UnfinishedCreations). Read on every cached
    // read: replicated, so each instance reads its own copy.
    caches.replicated(UserCache.GENERATIONS);
  }
}
