package dev.backplane.api.events.control;

import dev.backplane.api.persistence.control.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Each stream's ids: a database sequence per stream, made when the stream is first written to on an
 * instance. Taking an id locks nothing to the commit, so changes to one stream commit in parallel;
 * an id whose change rolled back is written as a {@value #VOID} event, so subscribers waiting at
 * its hole go on at once (see {@link Subscription}).
 */
@ApplicationScoped
public class EventCounters {

  private static final Logger LOG = Logger.getLogger(EventCounters.class.getName());

  /** The type of an id whose change rolled back: kept in the log, never sent. */
  static final String VOID = "void";

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  private final Set<String> made = ConcurrentHashMap.newKeySet();

  /**
   * The name of a stream's sequence: from a digest of the stream's name, so any stream name makes a
   * valid, short identifier (and none is written into SQL as given).
   */
  static String sequence(String stream) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(stream.getBytes(StandardCharsets.UTF_8));
      return "event_seq_" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether this instance has made sure the stream's sequence exists. */
  boolean known(String sequence) {
    return made.contains(sequence);
  }

  /**
   * Makes a stream's sequence unless it exists, in a transaction of its own (a schema change: H2
   * commits one at once), starting after the stream's last id so far (its counter row, from before
   * the sequences, or the log).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void make(String stream, String sequence) {
    try (var connection = dataSource.getConnection()) {
      long last = 0;
      try (var read =
          connection.prepareStatement(
              "select coalesce(max(last_id), 0) from event_stream where name = ? union all select"
                  + " coalesce(max(id), 0) from event where stream = ?")) {
        read.setString(1, stream);
        read.setString(2, stream);
        try (var rs = read.executeQuery()) {
          while (rs.next()) {
            last = Math.max(last, rs.getLong(1));
          }
        }
      }
      try (var create = connection.createStatement()) {
        // the name is made of hex digits (above) and the start is a number: nothing of a caller's
        create.execute("create sequence if not exists " + sequence + " start with " + (last + 1));
      }
      made.add(sequence);
    } catch (SQLException e) {
      throw new IllegalStateException("The sequence of stream " + stream + " cannot be made", e);
    }
  }

  /** An id whose change rolled back becomes a void event, written off the request thread. */
  void rolledBack(@Observes(during = TransactionPhase.AFTER_FAILURE) EventLog.Appended appended) {
    var event = appended.event();
    Thread.ofVirtual().name("backplane-events-void").start(() -> writeVoid(event));
  }

  private void writeVoid(StoredEvent event) {
    try (var connection = dataSource.getConnection();
        var insert =
            connection.prepareStatement(
                "insert into event (stream, id, type, occurred_at) values (?, ?, ?, ?)")) {
      insert.setString(1, event.stream());
      insert.setLong(2, event.id());
      insert.setString(3, VOID);
      insert.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
      insert.executeUpdate();
    } catch (SQLException e) {
      // subscribers pass the hole after backplane.events.hole-wait-ms
      LOG.log(
          Level.WARNING,
          "Event " + event.stream() + "/" + event.id() + " rolled back and cannot be marked void",
          e);
    }
  }
}
