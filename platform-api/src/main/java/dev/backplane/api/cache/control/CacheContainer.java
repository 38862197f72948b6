package dev.backplane.api.cache.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;
import org.infinispan.configuration.parsing.ParserRegistry;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * The embedded Infinispan cache manager of this instance, configured by {@code infinispan.xml}: the
 * one place that says which caches exist and how they are kept.
 */
@ApplicationScoped
public class CacheContainer {

  private static final Logger LOG = Logger.getLogger(CacheContainer.class.getName());
  private DefaultCacheManager manager;

  void onStartup(@Observes Startup startup) {
    manager();
  }

  public synchronized EmbeddedCacheManager manager() {
    if (manager == null) {
      manager = start();
    }
    return manager;
  }

  private static DefaultCacheManager start() {
    var classLoader = CacheContainer.class.getClassLoader();
    var thread = Thread.currentThread();
    var previous = thread.getContextClassLoader();
    // Infinispan loads its modules and marshallers through the context class loader
    thread.setContextClassLoader(classLoader);
    try {
      var holder = new ParserRegistry(classLoader).parse(classLoader.getResource("infinispan.xml"));
      holder.getGlobalConfigurationBuilder().classLoader(classLoader);
      var started = new DefaultCacheManager(holder, true);
      LOG.info(() -> "Infinispan started, caches " + started.getCacheNames());
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("infinispan.xml cannot be read", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (manager != null) {
      manager.stop();
    }
  }
}
