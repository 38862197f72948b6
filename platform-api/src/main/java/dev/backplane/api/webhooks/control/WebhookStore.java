package dev.backplane.api.webhooks.control;

import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.persistence.control.Statements;
import dev.backplane.api.webhooks.entity.Webhook;
import dev.backplane.api.webhooks.entity.WebhookDelivery;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** The webhook tables through JDBC, in the caller's transaction when there is one. */
@ApplicationScoped
public class WebhookStore {

  private static final Logger LOG = Logger.getLogger(WebhookStore.class.getName());
  private static final String COLUMNS =
      "id, name, url, topics, enabled, secret, failing_since, disabled_reason, created_at,"
          + " updated_at";

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject DatabaseAvailability database;

  /** A delivery's event, as its log recorded it (to deliver it again). */
  public record Sent(String webhookId, String messageId, String stream, long eventId) {}

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  public List<Webhook> list() {
    return query("select " + COLUMNS + " from webhook order by name", WebhookStore::webhook);
  }

  public Optional<Webhook> find(String id) {
    return query("select " + COLUMNS + " from webhook where id = ?", WebhookStore::webhook, id)
        .stream()
        .findFirst();
  }

  public boolean nameTaken(String name, String exceptId) {
    return !query(
            "select id from webhook where name = ? and id <> ?",
            rs -> rs.getString(1),
            name,
            exceptId == null ? "" : exceptId)
        .isEmpty();
  }

  void insert(Webhook webhook) {
    update(
        "insert into webhook (id, name, url, topics, enabled, secret, created_at, updated_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)",
        webhook.id(),
        webhook.name(),
        webhook.url(),
        String.join(",", webhook.topics()),
        webhook.enabled(),
        webhook.secret(),
        webhook.createdAt().atOffset(ZoneOffset.UTC),
        webhook.updatedAt().atOffset(ZoneOffset.UTC));
  }

  /** A changed endpoint; enabling it again forgets its failures. */
  void change(Webhook webhook) {
    update(
        "update webhook set name = ?, url = ?, topics = ?, enabled = ?, secret = ?, updated_at = ?,"
            + " failing_since = case when ? then null else failing_since end,"
            + " disabled_reason = case when ? then null else disabled_reason end where id = ?",
        webhook.name(),
        webhook.url(),
        String.join(",", webhook.topics()),
        webhook.enabled(),
        webhook.secret(),
        webhook.updatedAt().atOffset(ZoneOffset.UTC),
        webhook.enabled(),
        webhook.enabled(),
        webhook.id());
  }

  void delete(String id) {
    update("delete from webhook where id = ?", id);
  }

  /** The enabled endpoints and their topics. */
  List<Webhook> enabled() {
    return query(
        "select " + COLUMNS + " from webhook where enabled = ?", WebhookStore::webhook, true);
  }

  void recordAttempt(
      String webhookId,
      String messageId,
      String jobId,
      String stream,
      long eventId,
      String eventType,
      Instant at,
      Integer status,
      long millis,
      String outcome,
      String error) {
    update(
        "insert into webhook_delivery (webhook_id, message_id, job_id, stream, event_id,"
            + " event_type, attempted_at, status_code, duration_ms, outcome, error) values (?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?)",
        webhookId,
        messageId,
        jobId,
        stream,
        eventId,
        eventType,
        at.atOffset(ZoneOffset.UTC),
        status,
        millis,
        outcome,
        error == null || error.length() <= 2000 ? error : error.substring(0, 2000));
  }

  /** An endpoint's deliveries, newest first. */
  public List<WebhookDelivery> deliveries(String webhookId, int max) {
    return query(
        "select message_id, stream, event_id, event_type, attempted_at, status_code, duration_ms,"
            + " outcome, error, job_id from webhook_delivery where webhook_id = ? order by"
            + " attempted_at desc, id desc fetch first "
            + max
            + " rows only",
        rs -> {
          int status = rs.getInt(6);
          return new WebhookDelivery(
              rs.getString(1),
              rs.getString(2),
              rs.getLong(3),
              rs.getString(4),
              rs.getObject(5, OffsetDateTime.class).toInstant(),
              rs.wasNull() ? null : status,
              rs.getLong(7),
              rs.getString(8),
              rs.getString(9),
              rs.getString(10));
        },
        webhookId);
  }

  /** The event a message of an endpoint carried. */
  public Optional<Sent> sent(String webhookId, String messageId) {
    return query(
            "select webhook_id, message_id, stream, event_id from webhook_delivery where"
                + " webhook_id = ? and message_id = ? fetch first 1 rows only",
            rs -> new Sent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
            webhookId,
            messageId)
        .stream()
        .findFirst();
  }

  /**
   * Notes a failed delivery; returns when the endpoint began failing (now, when it had not been).
   */
  Instant failing(String id) {
    update("update webhook set failing_since = coalesce(failing_since, ?) where id = ?", now(), id);
    return find(id).map(Webhook::failingSince).orElse(Instant.now());
  }

  void succeeding(String id) {
    update(
        "update webhook set failing_since = null where id = ? and failing_since is not null", id);
  }

  void disable(String id, String reason) {
    update(
        "update webhook set enabled = ?, disabled_reason = ?, updated_at = ? where id = ?",
        false,
        reason,
        now(),
        id);
  }

  private static Webhook webhook(ResultSet rs) throws SQLException {
    var failing = rs.getObject(7, OffsetDateTime.class);
    return new Webhook(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        Arrays.asList(rs.getString(4).split(",")),
        rs.getBoolean(5),
        rs.getString(6),
        failing == null ? null : failing.toInstant(),
        rs.getString(8),
        rs.getObject(9, OffsetDateTime.class).toInstant(),
        rs.getObject(10, OffsetDateTime.class).toInstant());
  }

  /** Deletes up to {@code batch} logged attempts made before this time; how many it deleted. */
  int deleteDeliveriesBefore(Instant before, int batch) {
    return update(
        "delete from webhook_delivery where id in (select id from webhook_delivery where"
            + " attempted_at < ? order by id limit "
            + batch
            + ")",
        before.atOffset(ZoneOffset.UTC));
  }

  private <T> List<T> query(String sql, Statements.Row<T> row, Object... parameters) {
    try {
      return new Statements(dataSource).query(sql, row, parameters);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private int update(String sql, Object... parameters) {
    try {
      return new Statements(dataSource).update(sql, parameters);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private RuntimeException unavailable(SQLException e) {
    LOG.log(Level.WARNING, "The webhook tables cannot be used", e);
    return database.unavailable(
        "Webhooks cannot be read or changed now; try again shortly.", new PersistenceException(e));
  }
}
