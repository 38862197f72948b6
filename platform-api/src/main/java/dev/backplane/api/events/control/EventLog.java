package dev.backplane.api.events.control;

import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.problem.control.UnavailableException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The outbox: events appended in the transaction of the change they tell of, and read back by
 * stream and position. A stream's ids come from its sequence ({@link EventCounters}), which locks
 * nothing to the commit: changes to one stream commit in parallel, so an id may commit after a
 * higher one (a hole, for a moment), and one whose change rolled back is written as a void event.
 * Subscribers hold at a hole until it fills ({@link Subscription}). (The ids came from a counter
 * row locked to the commit before: one stream's writes queued behind it, see BENCHMARKS.md.)
 */
@ApplicationScoped
public class EventLog {

  private static final Logger LOG = Logger.getLogger(EventLog.class.getName());
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject DatabaseAvailability database;
  @Inject Event<Appended> appended;
  @Inject EventCounters counters;

  /** An event appended in the current transaction: told to every instance once it commits. */
  public record Appended(StoredEvent event) {}

  /**
   * Appends an event to a stream in the caller's transaction.
   *
   * @param owner whose record it was (the read rule {@code owner} applies to it), or null
   * @param data the thing as it is after the change, or its id for a deletion
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public StoredEvent append(
      String stream, String type, String subject, String owner, JsonValue data) {
    var now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    var text = data == null ? null : data.toString();
    var sequence = EventCounters.sequence(stream);
    try (var connection = dataSource.getConnection()) {
      if (!counters.known(sequence)
          && !counters.exists(connection, sequence, postgres(connection))) {
        // a stream from before the sequences, its sequence not made yet (the database was away
        // at startup): made off this change, which is refused (and changes nothing)
        counters.makeAll();
        throw new UnavailableException(
            "Events of " + stream + " cannot be written for a moment; try again shortly.", 1);
      }
      long id;
      if (postgres(connection)) {
        // the id taken and the event written in one round trip
        try (var insert =
            connection.prepareStatement(
                "insert into event (stream, id, type, subject, owner, data, occurred_at) values (?,"
                    + " nextval('"
                    + sequence
                    + "'), ?, ?, ?, ?, ?) returning id")) {
          bind(insert, stream, type, subject, owner, text, now);
          try (var rs = insert.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
          }
        }
      } else {
        try (var next = connection.prepareStatement("select next value for " + sequence);
            var rs = next.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
        try (var insert =
            connection.prepareStatement(
                "insert into event (stream, type, subject, owner, data, occurred_at, id) values (?,"
                    + " ?, ?, ?, ?, ?, ?)")) {
          bind(insert, stream, type, subject, owner, text, now);
          insert.setLong(7, id);
          insert.executeUpdate();
        }
      }
      var event = new StoredEvent(stream, id, type, subject, owner, now.toInstant(), text);
      appended.fire(new Appended(event));
      return event;
    } catch (SQLException e) {
      throw unavailable("written", e);
    }
  }

  private static void bind(
      PreparedStatement insert,
      String stream,
      String type,
      String subject,
      String owner,
      String data,
      OffsetDateTime now)
      throws SQLException {
    insert.setString(1, stream);
    insert.setString(2, type);
    insert.setString(3, subject);
    insert.setString(4, owner);
    insert.setString(5, data);
    insert.setObject(6, now);
  }

  /**
   * Makes a stream's counter row and its sequence, unless they exist (a collection made again keeps
   * its stream), in the transaction that makes what the stream is about.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void createStream(String stream) {
    try (var connection = dataSource.getConnection();
        var create =
            connection.prepareStatement(
                "insert into event_stream (name, last_id) select cast(? as varchar(100)), 0 where not"
                    + " exists (select 1 from event_stream where name = ?)")) {
      create.setString(1, stream);
      create.setString(2, stream);
      create.executeUpdate();
      counters.make(connection, stream);
    } catch (SQLException e) {
      throw unavailable("written", e);
    }
  }

  private volatile Boolean postgres;

  private boolean postgres(Connection connection) throws SQLException {
    var known = postgres;
    if (known == null) {
      known = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      postgres = known;
    }
    return known;
  }

  /** As {@link #append}, with the thing after the change as JSON-B writes it (null: none). */
  @Transactional(Transactional.TxType.MANDATORY)
  public StoredEvent appendObject(String stream, String type, String subject, Object after) {
    JsonValue data;
    if (after == null) {
      data = Json.createObjectBuilder().add("id", subject).build();
    } else {
      try (var reader = Json.createReader(new StringReader(JSONB.toJson(after)))) {
        data = reader.readValue();
      }
    }
    return append(stream, type, subject, null, data);
  }

  /**
   * The id of a stream's last committed event, 0 when it has none. (A change that took a lower id
   * may still commit: a subscriber that starts here does not get it.)
   */
  public long last(String stream) {
    return single("select max(id) from event where stream = ?", stream);
  }

  /** The id of the oldest event a stream still keeps, 0 when it keeps none. */
  public long oldest(String stream) {
    return single("select min(id) from event where stream = ?", stream);
  }

  /** One event, if the log still keeps it. */
  public java.util.Optional<StoredEvent> find(String stream, long id) {
    var events = after(stream, id - 1, 1);
    return events.isEmpty() || events.get(0).id() != id
        ? java.util.Optional.empty()
        : java.util.Optional.of(events.get(0));
  }

  /** Up to {@code max} events of a stream after a position, in order. */
  public List<StoredEvent> after(String stream, long position, int max) {
    try (var connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "select stream, id, type, subject, owner, occurred_at, data from event where"
                    + " stream = ? and id > ? order by id fetch first "
                    + max
                    + " rows only")) {
      select.setString(1, stream);
      select.setLong(2, position);
      try (var rs = select.executeQuery()) {
        var events = new ArrayList<StoredEvent>();
        while (rs.next()) {
          events.add(event(rs));
        }
        return events;
      }
    } catch (SQLException e) {
      throw unavailable("read", e);
    }
  }

  /** Deletes at most {@code batch} events that occurred before a time; how many. */
  public int deleteBefore(Instant before, int batch) {
    try (var connection = dataSource.getConnection();
        var delete =
            connection.prepareStatement(
                "delete from event where (stream, id) in (select stream, id from event where"
                    + " occurred_at < ? fetch first "
                    + batch
                    + " rows only)")) {
      delete.setObject(1, before.atOffset(ZoneOffset.UTC));
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("deleted", e);
    }
  }

  private static StoredEvent event(ResultSet rs) throws SQLException {
    return new StoredEvent(
        rs.getString(1),
        rs.getLong(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getObject(6, OffsetDateTime.class).toInstant(),
        rs.getString(7));
  }

  private long single(String sql, String stream) {
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setString(1, stream);
      try (var rs = select.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw unavailable("read", e);
    }
  }

  private RuntimeException unavailable(String what, SQLException e) {
    LOG.log(Level.WARNING, "Events cannot be " + what, e);
    return database.unavailable(
        "Events cannot be " + what + " now; try again shortly.", new PersistenceException(e));
  }
}
