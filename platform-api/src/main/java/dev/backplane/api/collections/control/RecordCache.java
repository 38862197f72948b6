package dev.backplane.api.collections.control;

import dev.backplane.api.cluster.control.CacheContainer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

/**
 * Records read by id, kept in two levels: a small near cache on each instance ({@value #NEAR}, the
 * record as an object) in front of the cluster's distributed cache ({@value #SHARED}, the record as
 * text, each on two instances). A record is kept under its collection, the stamp of the
 * collection's definition (a schema change, or the collection made again, makes every kept record a
 * miss) and its id. A record larger than {@value #LARGEST} characters of JSON is not kept: the
 * caches are bounded by count, and must stay small in the heap whatever records are made.
 *
 * <p>A read after a write, on any instance, never returns the old version: a change or a deletion
 * first marks the record (its collection and id, whatever the definition) with the version it
 * makes, in {@value #WRITTEN} (replicated, read locally), inside its transaction and before it runs
 * its statement; a kept record of another version than its mark is a miss, and the database is
 * read. Once the change commits, the mark is made again (its lifespan runs from the commit) and
 * both levels take the new version. A read keeps what it loaded only when the mark is the same
 * after the load as before it; a read that still races a change and stores the version it read is
 * hidden by the mark, which outlives it ({@link #MARKED} against {@link #SHARED_LIFESPAN}).
 */
@ApplicationScoped
public class RecordCache {

  private static final Logger LOG = Logger.getLogger(RecordCache.class.getName());
  private static final JsonProvider JSON = JsonProvider.provider();

  static final String NEAR = "records-near";
  static final String SHARED = "records";
  static final String WRITTEN = "records-written";

  static final Duration NEAR_LIFESPAN = Duration.ofSeconds(30);
  static final Duration SHARED_LIFESPAN = Duration.ofMinutes(2);

  /**
   * How long a change's mark lasts: longer than any kept record by more than the longest read (a
   * statement ends within seconds), so a record a racing read kept goes before the mark that hides
   * it.
   */
  static final Duration MARKED = Duration.ofMinutes(3);

  /** The largest record kept, in characters of JSON. */
  static final int LARGEST = 16_384;

  /** The mark of a deleted record: no kept version matches it. */
  private static final long DELETED = Long.MAX_VALUE;

  /** A record kept on this instance, at its version. */
  record Kept(long version, JsonObject record) {}

  /** A record made or changed (with {@code record}) or deleted (without), in a transaction. */
  public record Written(
      String collection, String definition, String id, long version, JsonObject record) {}

  @Inject CacheContainer container;

  /**
   * The record from the nearest level that holds its version, or as {@code load} reads it (and then
   * kept); empty when there is no such record.
   */
  public Optional<JsonObject> read(
      String collection, String definition, String id, Supplier<Optional<JsonObject>> load) {
    var key = key(collection, definition, id);
    var marked = collection + "/" + id;
    Long mark = mark(marked);
    var near = near(key);
    if (near instanceof Kept kept && (mark == null || mark == kept.version())) {
      return Optional.of(kept.record());
    }
    var shared = shared(key);
    if (shared != null) {
      int end = shared.indexOf('\n');
      long version = Long.parseLong(shared, 0, end, 10);
      if (mark == null || mark == version) {
        try (var reader = JSON.createReader(new StringReader(shared.substring(end + 1)))) {
          var record = reader.readObject();
          keepNear(key, new Kept(version, record));
          return Optional.of(record);
        }
      }
    }
    var loaded = load.get();
    loaded.ifPresent(
        record -> {
          long version = record.getJsonNumber("version").longValue();
          // a change that marked the record meanwhile may be committing: keep nothing then
          if ((mark == null || mark == version) && Objects.equals(mark, mark(marked))) {
            keep(key, version, record);
          }
        });
    return loaded;
  }

  /**
   * Before a change's statement, in its transaction: from now on, no level answers with the
   * record's current version. A failure here fails the change (the caller answers 503): it is
   * better not made than made and hidden from some instance.
   *
   * @param version the version the change makes, or null for a deletion
   */
  public void changing(String collection, String definition, String id, Long version) {
    written().put(collection + "/" + id, version == null ? DELETED : version);
    shared()
        .getAdvancedCache()
        .withFlags(Flag.IGNORE_RETURN_VALUES)
        .remove(key(collection, definition, id));
  }

  /** Once a write commits, before it answers: each level takes the record as it now is. */
  void written(@Observes(during = TransactionPhase.AFTER_SUCCESS) Written written) {
    var key = key(written.collection(), written.definition(), written.id());
    try {
      // the mark lasts from the commit: a record a racing read kept goes before it
      if (written.record() == null || written.version() > 1) { // a new record has no mark
        written()
            .put(
                written.collection() + "/" + written.id(),
                written.record() == null ? DELETED : written.version());
      }
      if (written.record() == null) {
        near().remove(key);
        shared().remove(key);
      } else {
        keep(key, written.version(), written.record());
      }
    } catch (RuntimeException e) {
      // the mark set before the change still hides the old version
      LOG.log(Level.WARNING, "Record " + key + " is written, but not kept", e);
    }
  }

  private void keep(String key, long version, JsonObject record) {
    var text = record.toString();
    if (text.length() > LARGEST) {
      return;
    }
    keepNear(key, new Kept(version, record));
    try {
      shared()
          .getAdvancedCache()
          .withFlags(Flag.IGNORE_RETURN_VALUES)
          .put(key, version + "\n" + text);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Record " + key + " cannot be shared now", e);
    }
  }

  private Object near(String key) {
    try {
      return near().get(key);
    } catch (RuntimeException e) {
      return null; // the caches are stopping: read on
    }
  }

  private void keepNear(String key, Kept kept) {
    try {
      near().put(key, kept);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Record " + key + " cannot be kept now", e);
    }
  }

  private static String key(String collection, String definition, String id) {
    return collection + "/" + definition + "/" + id;
  }

  private Long mark(String record) {
    try {
      return written().get(record);
    } catch (RuntimeException e) {
      return DELETED; // the marks cannot be read: trust no kept record
    }
  }

  private String shared(String key) {
    try {
      return shared().get(key);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "The shared records cannot be read now", e);
      return null;
    }
  }

  // Each read asks all three: their references are kept, not looked up in the container every
  // time (a synchronized call, then a lookup by name). A cache of a stopped container fails every
  // call, as the container would.
  private volatile Cache<String, Object> near;
  private volatile Cache<String, String> shared;
  private volatile Cache<String, Long> written;

  private Cache<String, Object> near() {
    var cache = near;
    if (cache == null) {
      cache = container.manager().getCache(NEAR);
      near = cache;
    }
    return cache;
  }

  private Cache<String, String> shared() {
    var cache = shared;
    if (cache == null) {
      cache = container.manager().getCache(SHARED);
      shared = cache;
    }
    return cache;
  }

  private Cache<String, Long> written() {
    var cache = written;
    if (cache == null) {
      cache = container.manager().getCache(WRITTEN);
      written = cache;
    }
    return cache;
  }
}
