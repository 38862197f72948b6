package dev.backplane.api.cluster.control;

import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * What a feature keeps in the cluster's caches, told to the cache container when it starts: the
 * container knows no feature, each feature that stores values has one bean implementing this (found
 * by CDI), so a feature left out of an archive leaves its caches and schema out too.
 */
public interface CachedFeature {

  /**
   * The ProtoStream schema of the values the feature stores and of the functions it runs at a key's
   * owner: how they travel between instances. The build generates it from a {@code @ProtoSchema}
   * interface of the feature ({@code ...Impl}). None (null) for a feature whose caches hold only
   * strings and numbers, which ProtoStream knows.
   */
  SerializationContextInitializer schema();

  /** Defines the feature's caches (see {@link CacheDefinitions} for the shared defaults). */
  void defineCaches(CacheDefinitions caches);

  /** The builders a feature defines its caches with: every cache keeps statistics. */
  final class CacheDefinitions {

    private final ConfigurationBuilderHolder holder;

    CacheDefinitions(ConfigurationBuilderHolder holder) {
      this.holder = holder;
    }

    /**
     * A cache whose entries are spread over the cluster, each on {@code owners} instances (so that
     * losing {@code owners - 1} instances loses no entry), written synchronously.
     */
    public ConfigurationBuilder distributed(String name, int owners) {
      var cache = define(name);
      cache.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(owners);
      return cache;
    }

    /** A cache of which every instance holds a whole copy, written synchronously to all. */
    public ConfigurationBuilder replicated(String name) {
      var cache = define(name);
      cache.clustering().cacheMode(CacheMode.REPL_SYNC);
      return cache;
    }

    /**
     * A cache of this instance alone, whose values stay Java objects (never marshalled): a near
     * cache in front of a shared one, say.
     */
    public ConfigurationBuilder local(String name) {
      var cache = define(name);
      cache.clustering().cacheMode(CacheMode.LOCAL);
      cache.encoding().mediaType(MediaType.APPLICATION_OBJECT_TYPE);
      return cache;
    }

    private ConfigurationBuilder define(String name) {
      if (holder.getNamedConfigurationBuilders().containsKey(name)) {
        throw new IllegalStateException("Two features define the cache " + name + ".");
      }
      var cache = holder.newConfigurationBuilder(name);
      cache.statistics().enable();
      return cache;
    }
  }
}
