package dev.backplane.api.collections.control;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.collections.entity.Collection;
import dev.backplane.api.collections.entity.CollectionDefinition;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.events.control.EventLog;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.persistence.control.DatabaseUnavailableException;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.control.PreconditionFailedException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.problem.entity.FieldViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The collections' definitions, and their tables. A new collection is checked, audited, recorded
 * and its table created in one transaction: on PostgreSQL the table comes and goes with the
 * transaction. On H2 (one instance) DDL commits at once, so a creation that fails after its table
 * was made leaves a table without a definition; the next creation of that name replaces it.
 */
@ApplicationScoped
public class CollectionCatalog {

  private static final Logger LOG = Logger.getLogger(CollectionCatalog.class.getName());
  private static final String TARGET = "collection";

  @PersistenceContext(unitName = "backplane")
  EntityManager entities;

  @Inject AuditTrail audit;
  @Inject EventLog events;
  @Inject DatabaseAvailability database;
  @Inject Event<CollectionDefinitions.Changed> changes;

  @Inject
  @ConfigProperty(name = "backplane.db.url")
  String databaseUrl;

  private TableDesign design() {
    return new TableDesign(TableDesign.Dialect.of(databaseUrl));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Collection> list() {
    database.require();
    try {
      return entities
          .createQuery(
              "select c from CollectionDefinition c order by c.name", CollectionDefinition.class)
          .getResultList()
          .stream()
          .map(CollectionDefinition::toCollection)
          .toList();
    } catch (PersistenceException e) {
      throw unavailable("read", e);
    }
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Collection get(String name) {
    database.require();
    return find(name).toCollection();
  }

  @Transactional
  public Collection create(Actor actor, CollectionSpec given) {
    var spec = given.normalized();
    var problems = new ArrayList<>(CollectionChecks.problems(spec));
    database.require();
    referencesExist(spec, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    if (exists(spec.name())) {
      throw new ConflictException(
          "A collection named " + spec.name() + " exists already.",
          "name",
          "is the name of another collection");
    }
    var event = audit.begin(actor, "collection.create", TARGET, spec.name(), null);
    var definition = new CollectionDefinition(spec, Instant.now());
    var design = design();
    var statements = design.create(spec);
    try {
      // a table without a definition is what an H2 creation that failed half-way left behind
      entities.createNativeQuery(design.dropIfExists(spec.name())).executeUpdate();
      for (var statement : statements) {
        entities.createNativeQuery(statement).executeUpdate();
      }
      entities.persist(definition);
      entities.flush();
    } catch (PersistenceException e) {
      throw unavailable("created", e);
    }
    events.createStream(RecordEvents.topic(spec.name()));
    var created = definition.toCollection();
    event.completed(spec.name(), created);
    changes.fire(
        new CollectionDefinitions.Changed(
            spec.name(), CollectionDefinitions.stamp(created.createdAt(), created.version())));
    LOG.info(() -> "Collection " + spec.name() + " created: " + String.join("; ", statements));
    return created;
  }

  /**
   * Brings a collection to a new definition: its table changed by {@link SchemaChange} and the
   * definition's version raised, audited, in one transaction (PostgreSQL changes tables in
   * transactions; H2 commits each table statement, so every question to the data is asked before
   * the first). In force on every instance when this returns: records read their definition anew.
   *
   * @param expected the version the administrator last read ({@code If-Match}), or null
   */
  @Transactional
  public Collection update(Actor actor, String name, CollectionSpec given, Long expected) {
    var spec = given.normalized();
    var problems = new ArrayList<>(CollectionChecks.problems(spec));
    if (!spec.name().equals(name)) {
      problems.add(new FieldViolation("name", "must be " + name + ": a collection keeps its name"));
    }
    database.require();
    referencesExist(spec, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    CollectionDefinition definition;
    try {
      // one change at a time per collection, on every instance
      definition = entities.find(CollectionDefinition.class, name, LockModeType.PESSIMISTIC_WRITE);
    } catch (PersistenceException e) {
      throw unavailable("read", e);
    }
    if (definition == null) {
      throw new ResourceNotFoundException("There is no collection named " + name + ".");
    }
    if (expected != null && definition.version() != expected) {
      throw new PreconditionFailedException(
          "The collection is at version "
              + definition.version()
              + ", not "
              + expected
              + ": it changed since you read it. Read it again and apply your change to it.");
    }
    var before = definition.spec();
    if (before.equals(spec)) {
      return definition.toCollection();
    }
    var change = SchemaChange.plan(design(), before, spec);
    if (!change.refusals().isEmpty()) {
      var refusal = change.refusals().get(0);
      throw new ConflictException(
          "The collection's table cannot take this change: "
              + refusal.field()
              + " "
              + refusal.message()
              + ".",
          refusal.field(),
          refusal.message());
    }
    var event = audit.begin(actor, "collection.update", TARGET, name, definition.toCollection());
    try {
      for (var check : change.checks()) {
        var count = nativeQuery(check.sql(), check.parameters()).getSingleResult();
        if (((Number) count).longValue() > 0) {
          throw new ConflictException(
              "The collection's records do not allow this change: "
                  + check.field()
                  + " "
                  + check.message()
                  + ".",
              check.field(),
              check.message());
        }
      }
      for (var statement : change.statements()) {
        nativeQuery(statement.sql(), statement.parameters()).executeUpdate();
      }
      definition.change(spec, Instant.now());
      entities.flush();
    } catch (PersistenceException e) {
      throw unavailable("changed", e);
    }
    var updated = definition.toCollection();
    event.completed(name, updated);
    changes.fire(
        new CollectionDefinitions.Changed(
            name, CollectionDefinitions.stamp(updated.createdAt(), updated.version())));
    LOG.info(
        () ->
            "Collection "
                + name
                + " at version "
                + updated.version()
                + ": "
                + change.statements().stream().map(SchemaChange.Statement::sql).toList());
    return updated;
  }

  private jakarta.persistence.Query nativeQuery(String sql, List<Object> parameters) {
    var query = entities.createNativeQuery(sql);
    for (int i = 0; i < parameters.size(); i++) {
      query.setParameter(i + 1, parameters.get(i));
    }
    return query;
  }

  @Transactional
  public void delete(Actor actor, String name) {
    database.require();
    var definition = find(name);
    var event = audit.begin(actor, "collection.delete", TARGET, name, definition.toCollection());
    try {
      entities.remove(definition);
      entities.flush();
      entities.createNativeQuery(design().drop(name)).executeUpdate();
      // a retried create of a record that went with the collection makes a new one
      nativeQuery(IdempotencyKeys.forgetStatement(), List.of(IdempotencyKeys.scope(name)))
          .executeUpdate();
    } catch (PersistenceException e) {
      throw unavailable("deleted", e);
    }
    event.completed(name, null);
    changes.fire(new CollectionDefinitions.Changed(name, CollectionDefinitions.GONE));
  }

  private void referencesExist(CollectionSpec spec, List<FieldViolation> problems) {
    for (int i = 0; i < spec.fields().size(); i++) {
      var field = spec.fields().get(i);
      if (field.type().equals("reference")
          && field.collection() != null
          && !field.collection().equals(spec.name())
          && !exists(field.collection())) {
        problems.add(
            new FieldViolation("fields[" + i + "].collection", "is not a collection (yet)"));
      }
    }
  }

  private boolean exists(String name) {
    try {
      return entities.find(CollectionDefinition.class, name) != null;
    } catch (PersistenceException e) {
      throw unavailable("read", e);
    }
  }

  private CollectionDefinition find(String name) {
    CollectionDefinition definition;
    try {
      definition = entities.find(CollectionDefinition.class, name);
    } catch (PersistenceException e) {
      throw unavailable("read", e);
    }
    if (definition == null) {
      throw new ResourceNotFoundException("There is no collection named " + name + ".");
    }
    return definition;
  }

  private DatabaseUnavailableException unavailable(String what, PersistenceException e) {
    LOG.log(Level.WARNING, "A collection cannot be " + what, e);
    return database.unavailable(
        "Collections cannot be " + what + " now; nothing was changed. Try again shortly.", e);
  }
}
