package dev.backplane.api.cluster.control;

import dev.backplane.api.problem.control.UnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.global.ShutdownHookBehavior;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.configuration.parsing.ParserRegistry;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * The embedded Infinispan cache manager of this instance: {@code infinispan.xml} says how instances
 * find each other, and each feature adds its caches and the schema of its values ({@link
 * CachedFeature}). {@code backplane.cluster.discovery} chooses how instances find each other:
 * {@code none} (one instance: every cache local), {@code tcpping} (a fixed member list), {@code
 * jdbc} (the shared PostgreSQL) or {@code dns}.
 */
@ApplicationScoped
public class CacheContainer {

  private static final Logger LOG = Logger.getLogger(CacheContainer.class.getName());
  private static final Set<String> DISCOVERIES = Set.of("none", "tcpping", "jdbc", "dns");

  /**
   * The application's configuration, by its own class loader: a {@code Config} injected here was
   * Payara's server-wide one when the bean was created outside a request (its file defaults, e.g.
   * the cluster name and bind address, read as absent).
   */
  private static Config config() {
    return ConfigProvider.getConfig(CacheContainer.class.getClassLoader());
  }

  @Inject InstanceIdentity instance;
  @Inject Instance<CachedFeature> features;

  private DefaultCacheManager manager;
  private boolean stopped;
  private volatile String discovery;

  void onStartup(@Observes Startup startup) {
    manager();
  }

  public synchronized EmbeddedCacheManager manager() {
    if (stopped) {
      // only a request that reached this instance after its drain (the load balancer sends none)
      throw new UnavailableException(
          "This instance is shutting down; send the request to another one.", 1);
    }
    if (manager == null) {
      manager = start();
    }
    return manager;
  }

  /** Whether this instance is part of a cluster (else every cache is local). */
  public boolean clustered() {
    return !discovery().equals("none");
  }

  private DefaultCacheManager start() {
    var classLoader = CacheContainer.class.getClassLoader();
    var thread = Thread.currentThread();
    var previous = thread.getContextClassLoader();
    // Infinispan loads its modules and marshallers through the context class loader
    thread.setContextClassLoader(classLoader);
    try {
      var holder = configuration(properties(), features);
      if (!clustered()) {
        makeLocal(holder);
      }
      var started = new DefaultCacheManager(holder, true);
      LOG.info(
          () ->
              "Infinispan started, caches "
                  + started.getCacheNames()
                  + (clustered()
                      ? ", cluster " + started.getClusterName() + " " + started.getMembers()
                      : ", local"));
      return started;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * What infinispan.xml says, with the values it refers to as ${...} and the features' caches and
   * schemas: how a cache manager of the platform is configured (tests form clusters with it too).
   */
  public static ConfigurationBuilderHolder configuration(
      Properties properties, Iterable<? extends CachedFeature> features) {
    var classLoader = CacheContainer.class.getClassLoader();
    try {
      var holder =
          new ParserRegistry(classLoader, false, properties)
              .parse(classLoader.getResource("infinispan.xml"));
      var global = holder.getGlobalConfigurationBuilder();
      global.classLoader(classLoader);
      // leaving the cluster is part of this instance's drain (InstanceDrain), not the JVM's exit
      global.shutdown().hookBehavior(ShutdownHookBehavior.DONT_REGISTER);
      global.serialization().addContextInitializer(new ClusterValuesImpl());
      var definitions = new CachedFeature.CacheDefinitions(holder);
      for (var feature : features) {
        if (feature.schema() != null) {
          global.serialization().addContextInitializer(feature.schema());
        }
        feature.defineCaches(definitions);
      }
      return holder;
    } catch (IOException e) {
      throw new UncheckedIOException("infinispan.xml cannot be read", e);
    }
  }

  /** The configured discovery, read once: asked on every rate-limited request. */
  private String discovery() {
    var read = discovery;
    if (read == null) {
      read = readDiscovery();
      discovery = read;
    }
    return read;
  }

  private static String readDiscovery() {
    var discovery =
        config()
            .getOptionalValue("backplane.cluster.discovery", String.class)
            .orElse("none")
            .trim();
    if (!DISCOVERIES.contains(discovery)) {
      throw new IllegalStateException(
          "backplane.cluster.discovery="
              + discovery
              + " is not one of "
              + DISCOVERIES
              + "; see the README's configuration table.");
    }
    return discovery;
  }

  /** The values infinispan.xml refers to as ${...}. */
  private Properties properties() {
    var properties = new Properties();
    properties.setProperty("backplane.cluster.discovery", discovery());
    properties.setProperty("backplane.instance.id", instance.id());
    for (var key :
        new String[] {
          "backplane.cluster.name",
          "backplane.cluster.bind-address",
          "backplane.cluster.port",
          "backplane.cluster.members",
          "backplane.cluster.dns-query",
          "backplane.db.url",
          "backplane.db.user",
          "backplane.db.password"
        }) {
      // an empty value (an H2 password) reads as absent
      properties.setProperty(key, config().getOptionalValue(key, String.class).orElse(""));
    }
    return properties;
  }

  private static void makeLocal(ConfigurationBuilderHolder holder) {
    holder.getGlobalConfigurationBuilder().transport().transport(null);
    holder
        .getNamedConfigurationBuilders()
        .values()
        .forEach(cache -> cache.clustering().cacheMode(CacheMode.LOCAL));
  }

  /**
   * Leaves the cluster: the other instances take over this one's entries. Further use of the caches
   * fails; called once the instance has drained, and when the application stops.
   */
  @PreDestroy
  public synchronized void stop() {
    stopped = true;
    if (manager != null) {
      manager.stop();
      manager = null;
    }
  }
}
