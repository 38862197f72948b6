package dev.backplane.api.collections.control;

import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.collections.entity.IndexSpec;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.control.NotAuthenticatedException;
import dev.backplane.api.problem.control.NotPermittedException;
import dev.backplane.api.problem.control.PreconditionFailedException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.problem.control.UnavailableException;
import dev.backplane.api.problem.entity.FieldViolation;
import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A collection's records in its table, through JDBC with bound parameters (the statements' names
 * come from {@link TableDesign}). Each operation checks the collection's rule for its caller; a
 * record the caller may not read is as absent as one that does not exist (404), so ids do not leak.
 */
@ApplicationScoped
public class Records {

  private static final Logger LOG = Logger.getLogger(Records.class.getName());
  private static final JsonProvider JSON = JsonProvider.provider();

  /** SQLState of a unique constraint's violation, on H2 as on PostgreSQL. */
  private static final String UNIQUE_VIOLATION = "23505";

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject DatabaseAvailability database;
  @Inject CollectionDefinitions definitions;
  @Inject RecordCache cache;
  @Inject RecordEvents events;
  @Inject Event<RecordCache.Written> written;

  /** A record made, or the answer an earlier request with the same idempotency key was given. */
  public record Created(JsonObject record, boolean replayed) {}

  /**
   * A new record of the caller's, its values checked. With an idempotency key, the key is claimed
   * and answered in the record's own transaction: a retry finds the answer and makes nothing.
   *
   * @param key the request's idempotency key, or null
   * @throws IdempotencyKeys.Raced when a request with the same key claimed it first (the caller
   *     answers with {@link #replay})
   */
  @Transactional
  public Created create(
      String collection, VerifiedToken caller, JsonObject body, IdempotencyKeys.Key key) {
    var definition = definitions.get(collection);
    var spec = definition.spec();
    if (!new Access(spec.rules().create(), caller).always()) {
      throw refused(caller, "create records in " + collection);
    }
    if (key != null) {
      // a retry is answered as the first was, whatever changed since (the definition, say)
      try (var connection = connection()) {
        var answered = IdempotencyKeys.answer(connection, key);
        if (answered.isPresent()) {
          return new Created(answered.get(), true);
        }
      } catch (SQLException e) {
        throw unavailable("read", e);
      }
    }
    var checked = RecordValues.check(spec, body);
    if (!checked.problems().isEmpty()) {
      throw new InvalidInputException(checked.problems());
    }
    var id = UUID.randomUUID().toString();
    // as the databases keep it (microseconds), so the answer equals a later read
    var now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    var owner = owner(caller);
    var columns =
        new ArrayList<String>(List.of("id", "owner", "created_at", "updated_at", "version"));
    var values = new ArrayList<Object>(List.of(id, owner, now, now, 1L));
    checked
        .values()
        .forEach(
            (field, value) -> {
              columns.add(field);
              values.add(value);
            });
    var sql =
        "insert into "
            + TableDesign.table(collection)
            + " ("
            + String.join(", ", columns.stream().map(TableDesign::column).toList())
            + ") values ("
            + String.join(", ", columns.stream().map(c -> "?").toList())
            + ")";
    try (var connection = connection()) {
      referencesExist(connection, spec, checked.values(), null);
      if (key != null) {
        claim(connection, key);
      }
      try (var insert = connection.prepareStatement(sql)) {
        bind(insert, values);
        insert.executeUpdate();
      }
      var record = record(spec, id, owner, now, now, 1L, checked.values());
      if (key != null) {
        IdempotencyKeys.answered(connection, key, record);
      }
      // last: the stream's counter stays locked from here to the commit
      events.created(collection, record);
      written.fire(new RecordCache.Written(collection, definition.stamp(), id, 1L, record));
      return new Created(record, false);
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw conflict(spec, e);
      }
      throw unavailable("written", e);
    }
  }

  private static void claim(Connection connection, IdempotencyKeys.Key key) throws SQLException {
    try {
      IdempotencyKeys.claim(connection, key);
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new IdempotencyKeys.Raced(e);
      }
      throw e;
    }
  }

  /** The answer a request with this idempotency key was given, once its transaction has ended. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Created replay(IdempotencyKeys.Key key) {
    database.require();
    try (var connection = connection()) {
      return IdempotencyKeys.answer(connection, key)
          .map(answer -> new Created(answer, true))
          // the first request ended without an answer: it failed, and this one may be retried
          .orElseThrow(IdempotencyKeys::inProgress);
    } catch (SQLException e) {
      throw unavailable("read", e);
    }
  }

  /** Whose records a caller makes: its subject, or nobody's for an anonymous caller. */
  public static String owner(VerifiedToken caller) {
    return caller == null ? "" : caller.subject();
  }

  /**
   * The JSON Schema of a collection's records, for a caller who may do something with them (create,
   * read or list them) and for operators.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public JsonObject schema(String collection, VerifiedToken caller) {
    var definition = definitions.get(collection);
    var spec = definition.spec();
    var rules = spec.rules();
    boolean allowed =
        (caller != null && caller.groups().contains(Roles.OPERATOR))
            || new Access(rules.create(), caller).possible()
            || new Access(rules.read(), caller).possible()
            || new Access(rules.list(), caller).possible();
    if (!allowed) {
      throw refused(caller, "use the records of " + collection);
    }
    return RecordSchema.of(spec, definition.version());
  }

  /** One record, if the caller may read it. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public JsonObject read(String collection, VerifiedToken caller, String id) {
    var definition = definitions.get(collection);
    var spec = definition.spec();
    var access = new Access(spec.rules().read(), caller);
    if (!access.possible()) {
      throw refused(caller, "read records of " + collection);
    }
    return cache
        .read(collection, definition.stamp(), id, () -> row(spec, id, false))
        .filter(r -> access.allows(r.getString("owner", null)))
        .orElseThrow(() -> notFound(collection, id));
  }

  /**
   * A page of the records the caller may list, in the query's order: the list rule is part of the
   * query, so an owner-only list holds the caller's records only, whatever the filter says.
   *
   * @param total whether to count every record the filter and the rule let through
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public JsonObject list(
      String collection, VerifiedToken caller, RecordQuery.Request asked, boolean total) {
    var spec = spec(collection);
    // a list shows records whole: only those the caller may also read one by one
    var list = new Access(spec.rules().list(), caller);
    var read = new Access(spec.rules().read(), caller);
    if (!list.possible() || !read.possible()) {
      throw refused(caller, "list records of " + collection);
    }
    var query = RecordQuery.of(spec, asked);
    var rule =
        list.always() && read.always()
            ? new RecordQuery.Sql("1 = 1", List.of())
            : new RecordQuery.Sql("\"owner\" = ?", List.of(caller.subject()));
    var filter = query.filter();
    var keyset = query.keyset();
    var selected = query.selected();
    var where = " where " + rule.text() + " and " + filter.text();
    var select =
        "select "
            + selected.stream().map(RecordQuery.Column::sql).collect(Collectors.joining(", "))
            + " from "
            + TableDesign.table(collection)
            + where
            + " and "
            + keyset.text()
            + " order by "
            + query.orderBy()
            + " fetch first "
            + (query.limit() + 1)
            + " rows only";
    var fields = new HashMap<String, FieldSpec>();
    spec.fields().forEach(field -> fields.put(field.name(), field));
    var page = JSON.createObjectBuilder();
    try (var connection = connection()) {
      var rows = new ArrayList<Map<RecordQuery.Column, Object>>();
      try (var statement = connection.prepareStatement(select)) {
        bind(statement, rule.parameters(), filter.parameters(), keyset.parameters());
        try (var results = statement.executeQuery()) {
          while (results.next()) {
            var row = new HashMap<RecordQuery.Column, Object>();
            for (var column : selected) {
              var label = column.sql().substring(1, column.sql().length() - 1);
              row.put(
                  column,
                  column.type().equals("datetime")
                      ? results.getObject(label, OffsetDateTime.class)
                      : results.getObject(label));
            }
            rows.add(row);
          }
        }
      }
      var items = JSON.createArrayBuilder();
      for (var row : rows.subList(0, Math.min(rows.size(), query.limit()))) {
        var item = JSON.createObjectBuilder();
        for (var column : query.shown()) {
          item.add(column.name(), json(fields.get(column.name()), column, row.get(column)));
        }
        items.add(item);
      }
      page.add("items", items);
      if (rows.size() > query.limit()) {
        page.add("next", query.cursorAfter(rows.get(query.limit() - 1)));
      }
      if (total) {
        try (var count =
            connection.prepareStatement(
                "select count(*) from " + TableDesign.table(collection) + where)) {
          bind(count, rule.parameters(), filter.parameters());
          try (var results = count.executeQuery()) {
            results.next();
            page.add("total", results.getLong(1));
          }
        }
      }
    } catch (SQLException e) {
      throw unavailable("listed", e);
    }
    return page.build();
  }

  @SafeVarargs
  private static void bind(PreparedStatement statement, List<?>... parameters) throws SQLException {
    int index = 1;
    for (var list : parameters) {
      for (var value : list) {
        statement.setObject(index++, value);
      }
    }
  }

  /** A column's value as a record shows it: a field's by its type, a system field's as such. */
  private static JsonValue json(FieldSpec field, RecordQuery.Column column, Object value) {
    if (field != null) {
      return RecordValues.json(field, value);
    }
    return switch (column.name()) {
      case "version" -> JSON.createValue(((Number) value).longValue());
      case "createdAt", "updatedAt" -> JSON.createValue(RecordValues.instant(value));
      default -> JSON.createValue(value == null ? "" : RecordValues.text(value));
    };
  }

  /**
   * Replaces a record's values with the body's ({@code merge} false), or applies the body to them
   * as a JSON Merge Patch (RFC 7396): the result is checked whole, as a new record's would be. The
   * row is locked while it changes, so concurrent changes apply one after the other, each to the
   * version the one before made.
   *
   * @param expected the version the caller last read ({@code If-Match}), or null for any
   */
  @Transactional
  public JsonObject update(
      String collection,
      VerifiedToken caller,
      String id,
      JsonObject body,
      boolean merge,
      Long expected) {
    var definition = definitions.get(collection);
    var spec = definition.spec();
    var access = new Access(spec.rules().update(), caller);
    if (!access.possible()) {
      throw refused(caller, "change records of " + collection);
    }
    var current = current(spec, access, id, expected);
    var values = merge ? Json.createMergePatch(body).apply(values(spec, current)) : body;
    if (!(values instanceof JsonObject whole)) {
      throw new InvalidInputException(
          List.of(new FieldViolation("body", "must be one JSON object of the record's fields")));
    }
    var checked = RecordValues.check(spec, whole);
    if (!checked.problems().isEmpty()) {
      throw new InvalidInputException(checked.problems());
    }
    var now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    long version = current.getJsonNumber("version").longValue() + 1;
    var assignments = new ArrayList<String>(List.of("\"updated_at\" = ?", "\"version\" = ?"));
    var parameters = new ArrayList<Object>(List.of(now, version));
    checked
        .values()
        .forEach(
            (field, value) -> {
              assignments.add(TableDesign.column(field) + " = ?");
              parameters.add(value);
            });
    parameters.add(id);
    try (var connection = connection()) {
      referencesExist(connection, spec, checked.values(), current);
    } catch (SQLException e) {
      throw unavailable("read", e);
    }
    changing(collection, definition.stamp(), id, version);
    var sql =
        "update "
            + TableDesign.table(collection)
            + " set "
            + String.join(", ", assignments)
            + " where \"id\" = ?";
    try (var connection = connection();
        var update = connection.prepareStatement(sql)) {
      bind(update, parameters);
      update.executeUpdate();
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw conflict(spec, e);
      }
      throw unavailable("written", e);
    }
    var record =
        record(
            spec,
            id,
            current.getString("owner"),
            OffsetDateTime.parse(current.getString("createdAt")),
            now,
            version,
            checked.values());
    events.updated(collection, record);
    written.fire(new RecordCache.Written(collection, definition.stamp(), id, version, record));
    return record;
  }

  /**
   * Each reference the values make leads to a record of its collection, or the caller hears which
   * do not (400). A reference a change keeps as it was is not checked again: its record may have
   * gone since, and the change is about other fields.
   *
   * @param current the record before a change, or null for a new record
   */
  private void referencesExist(
      Connection connection, CollectionSpec spec, Map<String, Object> values, JsonObject current)
      throws SQLException {
    var problems = new ArrayList<FieldViolation>();
    for (var field : spec.fields()) {
      if (!field.type().equals("reference")
          || !(values.get(field.name()) instanceof String id)
          || (current != null && id.equals(current.getString(field.name(), null)))) {
        continue;
      }
      if (!exists(connection, field.collection(), id)) {
        problems.add(
            new FieldViolation(field.name(), "is not the id of a record of " + field.collection()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  private boolean exists(Connection connection, String collection, String id) throws SQLException {
    try {
      definitions.get(collection);
    } catch (ResourceNotFoundException gone) {
      return false;
    }
    try (var query =
        connection.prepareStatement(
            "select 1 from " + TableDesign.table(collection) + " where \"id\" = ?")) {
      query.setString(1, id);
      try (var rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Before a change's statement: no cache answers with the record's old version any more. */
  private void changing(String collection, String definition, String id, Long version) {
    try {
      cache.changing(collection, definition, id, version);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Record " + id + " cannot be marked as changing", e);
      throw new UnavailableException(
          "Records of " + collection + " cannot be changed now; try again shortly.", 2, e);
    }
  }

  /** Deletes a record, if the caller may. */
  @Transactional
  public void delete(String collection, VerifiedToken caller, String id, Long expected) {
    var definition = definitions.get(collection);
    var spec = definition.spec();
    var access = new Access(spec.rules().delete(), caller);
    if (!access.possible()) {
      throw refused(caller, "delete records of " + collection);
    }
    var current = current(spec, access, id, expected);
    changing(collection, definition.stamp(), id, null);
    try (var connection = connection();
        var delete =
            connection.prepareStatement(
                "delete from " + TableDesign.table(collection) + " where \"id\" = ?")) {
      delete.setString(1, id);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("deleted", e);
    }
    events.deleted(collection, id, current.getString("owner", null));
    written.fire(
        new RecordCache.Written(
            collection,
            definition.stamp(),
            id,
            current.getJsonNumber("version").longValue(),
            null));
  }

  /**
   * The record as it is, locked until the transaction ends, if the caller may change it and it is
   * at the version the caller expects.
   */
  private JsonObject current(CollectionSpec spec, Access access, String id, Long expected) {
    var record =
        row(spec, id, true)
            .filter(r -> access.allows(r.getString("owner", null)))
            .orElseThrow(() -> notFound(spec.name(), id));
    long version = record.getJsonNumber("version").longValue();
    if (expected != null && version != expected) {
      throw new PreconditionFailedException(
          "The record is at version "
              + version
              + ", not "
              + expected
              + ": it changed since you read it. Read it again and apply your change to it.");
    }
    return record;
  }

  /** A record's own fields, without its system fields: what a merge patch applies to. */
  private static JsonObject values(CollectionSpec spec, JsonObject record) {
    var values = JSON.createObjectBuilder();
    for (var field : spec.fields()) {
      values.add(field.name(), record.get(field.name()));
    }
    return values.build();
  }

  private Optional<JsonObject> row(CollectionSpec spec, String id, boolean lock) {
    var select =
        "select * from "
            + TableDesign.table(spec.name())
            + " where \"id\" = ?"
            + (lock ? " for update" : "");
    try (var connection = connection();
        var query = connection.prepareStatement(select)) {
      query.setString(1, id);
      try (var rows = query.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        var values = new HashMap<String, Object>();
        for (var field : spec.fields()) {
          var column = TableDesign.column(field.name());
          var label = column.substring(1, column.length() - 1);
          values.put(
              field.name(),
              field.type().equals("datetime")
                  ? rows.getObject(label, OffsetDateTime.class)
                  : rows.getObject(label));
        }
        return Optional.of(
            record(
                spec,
                rows.getString("id"),
                rows.getString("owner"),
                rows.getObject("created_at", OffsetDateTime.class),
                rows.getObject("updated_at", OffsetDateTime.class),
                rows.getLong("version"),
                values));
      }
    } catch (SQLException e) {
      throw unavailable("read", e);
    }
  }

  /** A record as the API shows it: its system fields, then its fields in the definition's order. */
  private static JsonObject record(
      CollectionSpec spec,
      String id,
      String owner,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      long version,
      Map<String, Object> values) {
    var record =
        JSON.createObjectBuilder()
            .add("id", id)
            .add("owner", owner == null ? "" : owner)
            .add("createdAt", RecordValues.instant(createdAt))
            .add("updatedAt", RecordValues.instant(updatedAt))
            .add("version", version);
    for (var field : spec.fields()) {
      record.add(field.name(), RecordValues.json(field, values.get(field.name())));
    }
    return record.build();
  }

  private CollectionSpec spec(String collection) {
    return definitions.get(collection).spec();
  }

  private Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** The unique field whose value another record holds, named as the index names it. */
  private static ConflictException conflict(CollectionSpec spec, SQLException e) {
    var message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    for (var field : spec.fields()) {
      if (field.isUnique()
          && message.contains(
              TableDesign.indexName(spec.name(), new IndexSpec(List.of(field.name()), true)))) {
        return new ConflictException(
            "Another record of " + spec.name() + " has this " + field.name() + ".",
            field.name(),
            "is taken by another record");
      }
    }
    return new ConflictException("Another record of " + spec.name() + " has these values.");
  }

  private static RuntimeException refused(VerifiedToken caller, String what) {
    if (caller == null) {
      return new NotAuthenticatedException("Sign in to " + what + ".");
    }
    return new NotPermittedException("Your roles do not allow you to " + what + ".");
  }

  private static ResourceNotFoundException notFound(String collection, String id) {
    return new ResourceNotFoundException("There is no record " + id + " in " + collection + ".");
  }

  private RuntimeException unavailable(String what, SQLException e) {
    LOG.log(Level.WARNING, "A record cannot be " + what, e);
    return database.unavailable(
        "Records cannot be " + what + " now; try again shortly.", new PersistenceException(e));
  }
}
