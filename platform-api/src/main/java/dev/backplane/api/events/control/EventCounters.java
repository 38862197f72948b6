package dev.backplane.api.events.control;

import dev.backplane.api.persistence.control.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Each stream's ids: a database sequence per stream, made with the stream (or, for streams made
 * before there were sequences, at startup). Taking an id locks nothing to the commit, so changes to
 * one stream commit in parallel; an id whose change rolled back is written as a {@value #VOID}
 * event, so subscribers waiting at its hole go on at once (see {@link Subscription}).
 */
@ApplicationScoped
public class EventCounters {

  private static final Logger LOG = Logger.getLogger(EventCounters.class.getName());

  /** The type of an id whose change rolled back: kept in the log, never sent. */
  static final String VOID = "void";

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject SchemaMigration migration;

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

  /** Whether this instance knows the sequence exists. */
  boolean known(String sequence) {
    return made.contains(sequence);
  }

  /**
   * Whether the sequence exists, asked on the change's own connection (a read of the catalog: it
   * changes nothing). Never made there: a schema change of its own in the middle of a change (a
   * transaction of its own, nested) lost the change's record once on PostgreSQL while its event
   * committed, so sequences are made only with their stream ({@link #make}, in the transaction that
   * makes the stream) or by {@link #makeAll} outside any change.
   */
  boolean exists(Connection connection, String sequence, boolean postgres) throws SQLException {
    try (var select =
        connection.prepareStatement(
            postgres
                ? "select count(*) from pg_class where relkind = 'S' and relname = ?"
                : "select count(*) from information_schema.sequences where lower(sequence_name) ="
                    + " ?")) {
      select.setString(1, sequence);
      try (var rs = select.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          made.add(sequence);
          return true;
        }
        return false;
      }
    }
  }

  /**
   * Makes a stream's sequence unless it exists, on the given connection (in the transaction that
   * makes the stream, or outside any), starting after the stream's last id so far (its counter row,
   * from before the sequences, or the log).
   */
  void make(Connection connection, String stream) throws SQLException {
    var sequence = sequence(stream);
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
  }

  /**
   * Makes the sequences of the streams made before there were sequences (users, policies and the
   * collections of an earlier version), each in a statement of its own outside any transaction: at
   * startup, and again when a change finds its stream's sequence missing.
   */
  void makeAll() {
    if (!making.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual()
        .name("backplane-events-sequences")
        .start(
            () -> {
              try (var connection = dataSource.getConnection()) {
                var streams = new java.util.ArrayList<String>();
                try (var select = connection.prepareStatement("select name from event_stream");
                    var rs = select.executeQuery()) {
                  while (rs.next()) {
                    streams.add(rs.getString(1));
                  }
                }
                for (var stream : streams) {
                  if (!made.contains(sequence(stream))) {
                    try {
                      make(connection, stream);
                      made.add(sequence(stream));
                    } catch (SQLException e) {
                      // another instance made it at the same moment: found by the next change
                      LOG.log(Level.FINE, "The sequence of " + stream + " was not made now", e);
                    }
                  }
                }
              } catch (SQLException e) {
                LOG.log(Level.WARNING, "Event sequences cannot be made now; will try again", e);
              } finally {
                making.set(false);
              }
            });
  }

  private final AtomicBoolean making = new AtomicBoolean();

  void onStartup(@Observes Startup startup) {
    if (migration.ensureMigrated().migrated()) {
      makeAll();
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
