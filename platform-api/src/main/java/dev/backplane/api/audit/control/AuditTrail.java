package dev.backplane.api.audit.control;

import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.audit.entity.AuditEntry;
import dev.backplane.api.audit.entity.AuditEvent;
import dev.backplane.api.audit.entity.AuditPage;
import dev.backplane.api.audit.entity.AuditQuery;
import dev.backplane.api.cluster.control.InstanceIdentity;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail in the database. A change begins its event before it is made, in the same
 * transaction (so a write that cannot be audited is not made), and completes it with the target's
 * new state.
 */
@ApplicationScoped
public class AuditTrail {

  private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
  private static final Jsonb JSONB = JsonbBuilder.create();
  private static final JsonProvider JSON = JsonProvider.provider();

  @PersistenceContext(unitName = "backplane")
  EntityManager entities;

  @Inject InstanceIdentity instance;
  @Inject DatabaseAvailability database;

  /** An event begun in the current transaction. */
  public static final class Event {
    private final AuditEvent event;

    private Event(AuditEvent event) {
      this.event = event;
    }

    /** What is being done, as recorded ({@code user.update}...). */
    public String action() {
      return event.getAction();
    }

    /** The target as it is after the change (never holding a password). */
    public void completed(String targetId, Object after) {
      event.completed(targetId, after == null ? null : JSONB.toJson(after));
    }
  }

  /**
   * Records that {@code actor} is about to do {@code action}; written at once, so that a database
   * that is down stops the change before it is made (503).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Event begin(
      Actor actor, String action, String targetType, String targetId, Object before) {
    database.require();
    var event =
        new AuditEvent(
            Instant.now(),
            actor.name(),
            actor.subject(),
            action,
            targetType,
            targetId,
            before == null ? null : JSONB.toJson(before),
            null,
            actor.requestId(),
            instance.id());
    try {
      entities.persist(event);
      entities.flush();
    } catch (PersistenceException e) {
      LOG.log(Level.WARNING, "The audit trail cannot be written; refusing " + action, e);
      throw database.unavailable(
          "The audit trail cannot be written now, so nothing was changed; try again shortly.", e);
    }
    return new Event(event);
  }

  /** Events matching every given filter, newest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public AuditPage find(AuditQuery query, int first, int max) {
    database.require();
    var where = new ArrayList<String>();
    var parameters = new HashMap<String, Object>();
    filter(where, parameters, "e.actor = :actor", "actor", query.actor());
    filter(where, parameters, "e.action = :action", "action", query.action());
    filter(where, parameters, "e.targetType = :targetType", "targetType", query.targetType());
    filter(where, parameters, "e.targetId = :targetId", "targetId", query.targetId());
    filter(where, parameters, "e.occurredAt >= :from", "from", utc(query.from()));
    filter(where, parameters, "e.occurredAt < :to", "to", utc(query.to()));
    var condition = where.isEmpty() ? "" : " where " + String.join(" and ", where);
    try {
      var select =
          entities
              .createQuery(
                  "select e from AuditEvent e"
                      + condition
                      + " order by e.occurredAt desc, e.id desc",
                  AuditEvent.class)
              .setFirstResult(first)
              .setMaxResults(max);
      var count = entities.createQuery("select count(e) from AuditEvent e" + condition, Long.class);
      parameters.forEach(
          (name, value) -> {
            select.setParameter(name, value);
            count.setParameter(name, value);
          });
      var items = select.getResultList().stream().map(AuditTrail::entry).toList();
      return new AuditPage(items, count.getSingleResult(), first, max);
    } catch (PersistenceException e) {
      LOG.log(Level.WARNING, "The audit trail cannot be read", e);
      throw database.unavailable("The audit trail cannot be read now; try again shortly.", e);
    }
  }

  /**
   * Deletes at most {@code batch} events that occurred before a time, oldest first, in a
   * transaction of their own (each ends well within the database's statement timeout).
   *
   * @return how many were deleted
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int deleteBefore(Instant before, int batch) {
    return entities
        .createNativeQuery(
            "delete from audit_event where id in (select id from audit_event where occurred_at < ?1"
                + " order by id limit "
                + batch
                + ")")
        .setParameter(1, utc(before))
        .executeUpdate();
  }

  /** Every action recorded, in alphabetical order. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<String> actions() {
    database.require();
    try {
      return entities
          .createQuery("select distinct e.action from AuditEvent e order by e.action", String.class)
          .getResultList();
    } catch (PersistenceException e) {
      LOG.log(Level.WARNING, "The audit trail cannot be read", e);
      throw database.unavailable("The audit trail cannot be read now; try again shortly.", e);
    }
  }

  private static void filter(
      List<String> where,
      Map<String, Object> parameters,
      String clause,
      String name,
      Object value) {
    if (value != null && !(value instanceof String text && text.isBlank())) {
      where.add(clause);
      parameters.put(name, value);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static AuditEntry entry(AuditEvent event) {
    var before = json(event.getBefore());
    var after = json(event.getAfter());
    return new AuditEntry(
        event.getId(),
        event.getOccurredAt(),
        event.getActor(),
        event.getActorId(),
        event.getAction(),
        event.getTargetType(),
        event.getTargetId(),
        name(after).or(() -> name(before)).orElse(null),
        before,
        after,
        event.getRequestId(),
        event.getInstanceId());
  }

  /**
   * The name people know a target by, from its recorded state: a user's {@code username}, or the
   * {@code name} of a policy or a cache.
   */
  static Optional<String> name(JsonValue state) {
    if (state instanceof JsonObject object) {
      for (var key : List.of("username", "name")) {
        if (object.get(key) instanceof JsonString name) {
          return Optional.of(name.getString());
        }
      }
    }
    return Optional.empty();
  }

  private static JsonValue json(String text) {
    return text == null ? null : JSON.createReader(new StringReader(text)).readValue();
  }
}
