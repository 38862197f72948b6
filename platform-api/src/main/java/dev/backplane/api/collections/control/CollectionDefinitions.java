package dev.backplane.api.collections.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.collections.entity.CollectionDefinition;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each collection's definition as every record call needs it, kept on each instance instead of read
 * from the database per call. Each change stores the definition's new version in a replicated cache
 * once it commits, before it answers; a call whose kept definition is of another version (or that
 * finds no version) reads it anew. A version is stamped with when the collection was created (its
 * incarnation: a collection deleted and made again under its name starts again at 1, and must not
 * pass for the one before). A deleted collection leaves the stamp {@value #GONE}, so that a read
 * under way when it went cannot put its old version back. Kept definitions are read anew after
 * {@link #KEPT} whatever the versions say, in case a change could not tell every instance.
 */
@ApplicationScoped
public class CollectionDefinitions {

  private static final Logger LOG = Logger.getLogger(CollectionDefinitions.class.getName());
  static final String CACHE = "collection-versions";
  static final String GONE = "gone";
  static final Duration KEPT = Duration.ofSeconds(60);

  /**
   * A collection's definition at a version.
   *
   * @param stamp its incarnation and version, different for every definition ever in force
   */
  public record Definition(CollectionSpec spec, long version, String stamp) {}

  /** The stamp of a collection created at {@code createdAt}, at a version. */
  public static String stamp(Instant createdAt, long version) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + "." + version;
  }

  /** A collection changed (created, changed or deleted: stamp {@value #GONE}), in a transaction. */
  public record Changed(String name, String stamp) {}

  @PersistenceContext(unitName = "backplane")
  EntityManager entities;

  @Inject CacheContainer container;
  @Inject DatabaseAvailability database;

  private final Cache<String, Definition> kept =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(KEPT).build();

  /** The definition in force, or a 404 for a collection that does not exist. */
  public Definition get(String name) {
    String current = version(name);
    var known = kept.getIfPresent(name);
    if (known != null && current != null && known.stamp().equals(current)) {
      return known;
    }
    var read = read(name);
    kept.put(name, read);
    if (current == null) {
      // the first to read it since the cluster formed: a change that commits meanwhile puts its
      // own version, which this does not replace
      try {
        versions().putIfAbsent(name, read.stamp());
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "The version of " + name + " cannot be shared now", e);
      }
    }
    return read;
  }

  /** After a change commits: every instance reads the new definition at its next call. */
  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Changed change) {
    kept.invalidate(change.name());
    try {
      versions().put(change.name(), change.stamp());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Collection "
              + change.name()
              + " changed, but not every instance could be told; they read it within "
              + KEPT.toSeconds()
              + " s",
          e);
    }
  }

  private String version(String name) {
    try {
      return versions().get(name);
    } catch (RuntimeException e) {
      return null; // the cache is stopping or unreachable: read from the database
    }
  }

  // asked on every record call: kept, not looked up in the container each time
  private volatile org.infinispan.Cache<String, String> versions;

  private org.infinispan.Cache<String, String> versions() {
    var cache = versions;
    if (cache == null) {
      cache = container.manager().getCache(CACHE);
      versions = cache;
    }
    return cache;
  }

  private Definition read(String name) {
    database.require();
    CollectionDefinition definition;
    try {
      definition = entities.find(CollectionDefinition.class, name);
    } catch (PersistenceException e) {
      throw database.unavailable("Collections cannot be read now; try again shortly.", e);
    }
    if (definition == null) {
      throw new ResourceNotFoundException("There is no collection named " + name + ".");
    }
    return new Definition(
        definition.spec(),
        definition.version(),
        stamp(definition.toCollection().createdAt(), definition.version()));
  }
}
