package dev.backplane.api.collections.control;

import dev.backplane.api.collections.entity.CollectionDefinition;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.control.NotAuthenticatedException;
import dev.backplane.api.problem.control.NotPermittedException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
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

  @PersistenceContext(unitName = "backplane")
  EntityManager entities;

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject DatabaseAvailability database;

  /** A new record of the caller's, its values checked; answered as read back. */
  @Transactional
  public JsonObject create(String collection, VerifiedToken caller, JsonObject body) {
    var spec = spec(collection);
    if (!new Access(spec.rules().create(), caller).always()) {
      throw refused(caller, "create records in " + collection);
    }
    var checked = RecordValues.forCreation(spec, body);
    if (!checked.problems().isEmpty()) {
      throw new InvalidInputException(checked.problems());
    }
    var id = UUID.randomUUID().toString();
    // as the databases keep it (microseconds), so the answer equals a later read
    var now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    var owner = caller == null ? "" : caller.subject();
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
    try (var connection = connection();
        var insert = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.size(); i++) {
        insert.setObject(i + 1, values.get(i));
      }
      insert.executeUpdate();
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw conflict(spec, e);
      }
      throw unavailable("written", e);
    }
    return record(spec, id, owner, now, now, 1L, checked.values());
  }

  /** One record, if the caller may read it. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public JsonObject read(String collection, VerifiedToken caller, String id) {
    var spec = spec(collection);
    var access = new Access(spec.rules().read(), caller);
    if (!access.possible()) {
      throw refused(caller, "read records of " + collection);
    }
    var record = row(spec, id).filter(r -> access.allows(r.getString("owner", null)));
    return record.orElseThrow(() -> notFound(collection, id));
  }

  /** Deletes a record, if the caller may. */
  @Transactional
  public void delete(String collection, VerifiedToken caller, String id) {
    var spec = spec(collection);
    var access = new Access(spec.rules().delete(), caller);
    if (!access.possible()) {
      throw refused(caller, "delete records of " + collection);
    }
    var record = row(spec, id).filter(r -> access.allows(r.getString("owner", null)));
    if (record.isEmpty()) {
      throw notFound(collection, id);
    }
    try (var connection = connection();
        var delete =
            connection.prepareStatement(
                "delete from " + TableDesign.table(collection) + " where \"id\" = ?")) {
      delete.setString(1, id);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("deleted", e);
    }
  }

  private Optional<JsonObject> row(CollectionSpec spec, String id) {
    var select = "select * from " + TableDesign.table(spec.name()) + " where \"id\" = ?";
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
    database.require();
    CollectionDefinition definition;
    try {
      definition = entities.find(CollectionDefinition.class, collection);
    } catch (PersistenceException e) {
      throw database.unavailable("Collections cannot be read now; try again shortly.", e);
    }
    if (definition == null) {
      throw new ResourceNotFoundException("There is no collection named " + collection + ".");
    }
    return definition.spec();
  }

  private Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** The unique field whose value another record holds, named as the index names it. */
  private static ConflictException conflict(CollectionSpec spec, SQLException e) {
    var message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    for (var field : spec.fields()) {
      if (field.isUnique() && message.contains(("i_" + spec.name() + "_" + field.name() + "_u"))) {
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
