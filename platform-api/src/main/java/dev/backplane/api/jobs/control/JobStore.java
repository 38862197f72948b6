package dev.backplane.api.jobs.control;

import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.jobs.entity.JobAttempt;
import dev.backplane.api.jobs.entity.JobPage;
import dev.backplane.api.jobs.entity.JobProgress;
import dev.backplane.api.jobs.entity.JobState;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.persistence.control.Statements;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The job table through JDBC. Connections come from the JTA data source: in a transaction (the
 * change that enqueues a job, the work an attempt records its progress with) they are part of it;
 * outside one, each statement commits by itself.
 */
@ApplicationScoped
public class JobStore {

  private static final Logger LOG = Logger.getLogger(JobStore.class.getName());
  private static final String COLUMNS =
      "id, type, state, input, result, error, progress_done, progress_total, attempts,"
          + " max_attempts, created_by, created_at, updated_at, next_attempt_at, started_at,"
          + " finished_at";

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject DatabaseAvailability database;

  /** What an attempt starts from: the job as recorded, with this attempt's number. */
  public record Started(
      String id,
      String type,
      int attempt,
      int maxAttempts,
      JsonObject input,
      long done,
      String createdBy) {}

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  @Transactional(Transactional.TxType.REQUIRED)
  public void insert(
      String id,
      String type,
      JsonObject input,
      int maxAttempts,
      String createdBy,
      OffsetDateTime due) {
    var now = now();
    update(
        "insert into job (id, type, state, input, progress_done, attempts, max_attempts,"
            + " created_by, created_at, updated_at, next_attempt_at) values (?, ?, ?, ?, 0, 0, ?, ?,"
            + " ?, ?, ?)",
        id,
        type,
        JobState.queued.name(),
        input == null ? null : input.toString(),
        maxAttempts,
        createdBy,
        now,
        now,
        due);
  }

  /** Whether a job with this id exists (a recurring job's run for a scheduled time, say). */
  boolean exists(String id) {
    return query("select id from job where id = ?", rs -> rs.getString(1), id).size() == 1;
  }

  public Optional<Job> find(String id) {
    var found = query("select " + COLUMNS + " from job where id = ?", JobStore::job, id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    var history =
        query(
            "select attempt, instance_id, started_at, finished_at, outcome, error from job_attempt"
                + " where job_id = ? order by attempt",
            rs ->
                new JobAttempt(
                    rs.getInt(1),
                    rs.getString(2),
                    instant(rs, 3),
                    instant(rs, 4),
                    rs.getString(5),
                    rs.getString(6)),
            id);
    var job = found.get(0);
    return Optional.of(
        new Job(
            job.id(),
            job.type(),
            job.state(),
            job.input(),
            job.progress(),
            job.attempts(),
            job.maxAttempts(),
            job.error(),
            job.result(),
            job.createdBy(),
            job.createdAt(),
            job.updatedAt(),
            job.nextAttemptAt(),
            job.startedAt(),
            job.finishedAt(),
            history));
  }

  /** Jobs newest first, of one state and type when given. */
  public JobPage page(JobState state, String type, int first, int max) {
    var where = new StringBuilder(" where 1 = 1");
    var parameters = new ArrayList<Object>();
    if (state != null) {
      where.append(" and state = ?");
      parameters.add(state.name());
    }
    if (type != null) {
      where.append(" and type = ?");
      parameters.add(type);
    }
    var total =
        query("select count(*) from job" + where, rs -> rs.getLong(1), parameters.toArray()).get(0);
    var page = new ArrayList<>(parameters);
    page.add(max);
    page.add(first);
    var items =
        query(
            "select "
                + COLUMNS
                + " from job"
                + where
                + " order by created_at desc, id desc limit ? offset ?",
            JobStore::job,
            page.toArray());
    return new JobPage(items, total, first, max);
  }

  /**
   * Starts the next attempt of a job that is queued, or running on an instance that lost it (the
   * scheduler revived it): the earlier attempt is marked lost. Empty when there is nothing to run
   * (cancelled, finished, deleted).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<Started> start(String id, String instanceId) {
    record Current(
        String type,
        JobState state,
        int attempts,
        int maxAttempts,
        JsonObject input,
        long done,
        String createdBy) {}
    var found =
        query(
            "select type, state, attempts, max_attempts, input, progress_done, created_by from job"
                + " where id = ? for update",
            rs ->
                new Current(
                    rs.getString(1),
                    JobState.valueOf(rs.getString(2)),
                    rs.getInt(3),
                    rs.getInt(4),
                    json(rs.getString(5)),
                    rs.getLong(6),
                    rs.getString(7)),
            id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    var row = found.get(0);
    var state = row.state();
    if (state != JobState.queued && state != JobState.running) {
      return Optional.empty();
    }
    var now = now();
    if (state == JobState.running && row.attempts() >= row.maxAttempts()) {
      // its instance stopped during every attempt it had (a job that ends its instance, say): it
      // is failed, not run again and again
      fail(
          id,
          row.attempts(),
          "its instance stopped before it ended, in each of its " + row.attempts() + " attempts",
          null);
      return Optional.empty();
    }
    if (state == JobState.running) {
      update(
          "update job_attempt set outcome = 'lost', finished_at = ?,"
              + " error = 'its instance stopped before it ended' where job_id = ? and attempt = ?",
          now,
          id,
          row.attempts());
    }
    int attempt = row.attempts() + 1;
    update(
        "update job set state = ?, attempts = ?, updated_at = ?, next_attempt_at = null,"
            + " started_at = coalesce(started_at, ?) where id = ?",
        JobState.running.name(),
        attempt,
        now,
        now,
        id);
    update(
        "insert into job_attempt (job_id, attempt, instance_id, started_at, outcome) values (?, ?,"
            + " ?, ?, 'running')",
        id,
        attempt,
        instanceId,
        now);
    return Optional.of(
        new Started(
            id, row.type(), attempt, row.maxAttempts(), row.input(), row.done(), row.createdBy()));
  }

  /**
   * Records an attempt's progress, in the caller's transaction if there is one.
   *
   * @return false when the attempt is no longer the job's current one
   */
  boolean progress(String id, int attempt, long done, Long total) {
    return update(
            "update job set progress_done = ?, progress_total = ?, updated_at = ? where id = ?"
                + " and attempts = ? and state = ?",
            done,
            total,
            now(),
            id,
            attempt,
            JobState.running.name())
        == 1;
  }

  /** Ends an attempt that succeeded; false when it was no longer the job's current one. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean succeed(String id, int attempt, JsonObject result) {
    var now = now();
    if (update(
            "update job set state = ?, result = ?, updated_at = ?, finished_at = ? where id = ?"
                + " and attempts = ? and state = ?",
            JobState.succeeded.name(),
            result == null ? null : result.toString(),
            now,
            now,
            id,
            attempt,
            JobState.running.name())
        == 0) {
      return false;
    }
    endAttempt(id, attempt, "succeeded", null, now);
    return true;
  }

  /**
   * Ends an attempt that failed: the job waits for its next attempt, or fails for good when {@code
   * retryAt} is null. False when the attempt was no longer the job's current one.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean fail(String id, int attempt, String error, OffsetDateTime retryAt) {
    var now = now();
    var state = retryAt == null ? JobState.failed : JobState.queued;
    if (update(
            "update job set state = ?, error = ?, updated_at = ?, next_attempt_at = ?,"
                + " finished_at = ? where id = ? and attempts = ? and state = ?",
            state.name(),
            error,
            now,
            retryAt,
            retryAt == null ? now : null,
            id,
            attempt,
            JobState.running.name())
        == 0) {
      return false;
    }
    endAttempt(id, attempt, "failed", error, now);
    return true;
  }

  private void endAttempt(String id, int attempt, String outcome, String error, Object now) {
    update(
        "update job_attempt set outcome = ?, error = ?, finished_at = ? where job_id = ? and"
            + " attempt = ?",
        outcome,
        error,
        now,
        id,
        attempt);
  }

  /** A queued job cancelled; false when it was not queued. */
  boolean cancel(String id) {
    var now = now();
    return update(
            "update job set state = ?, updated_at = ?, finished_at = ?, next_attempt_at = null"
                + " where id = ? and state = ?",
            JobState.cancelled.name(),
            now,
            now,
            id,
            JobState.queued.name())
        == 1;
  }

  /** A failed job queued again, with as many attempts as it had; false when it had not failed. */
  boolean retry(String id, int moreAttempts, OffsetDateTime due) {
    return update(
            "update job set state = ?, max_attempts = attempts + ?, updated_at = ?,"
                + " next_attempt_at = ?, finished_at = null where id = ? and state = ?",
            JobState.queued.name(),
            moreAttempts,
            now(),
            due,
            id,
            JobState.failed.name())
        == 1;
  }

  /**
   * Deletes finished jobs (with their attempts and files) that ended before a time, a thousand at a
   * time: each statement ends well within the database's statement timeout.
   */
  int deleteFinishedBefore(OffsetDateTime before) {
    int deleted = 0;
    int batch;
    do {
      batch =
          update(
              "delete from job where id in (select id from job where finished_at < ? and state in"
                  + " (?, ?, ?) limit 1000)",
              before,
              JobState.succeeded.name(),
              JobState.failed.name(),
              JobState.cancelled.name());
      deleted += batch;
    } while (batch == 1000);
    return deleted;
  }

  /** A job's file, replaced (an attempt that starts again writes it again). */
  void deleteFile(String id, String name) {
    update("delete from job_file where job_id = ? and name = ?", id, name);
  }

  void writeFilePart(String id, String name, int part, byte[] content) {
    update(
        "insert into job_file (job_id, name, part, content) values (?, ?, ?, ?)",
        id,
        name,
        part,
        content);
  }

  /** Whether an attempt is still its job's current one. */
  boolean current(String id, int attempt) {
    return !query(
            "select id from job where id = ? and attempts = ? and state = ?",
            rs -> rs.getString(1),
            id,
            attempt,
            JobState.running.name())
        .isEmpty();
  }

  int partCount(String id, String name) {
    return fileParts(id, name).size();
  }

  /** Whether a job has a file of this name. */
  public boolean hasFile(String id, String name) {
    return !fileParts(id, name).isEmpty();
  }

  /** A job's file, read a part at a time (a part is read when the one before is used up). */
  public InputStream file(String id, String name) {
    var parts = fileParts(id, name).iterator();
    return new SequenceInputStream(
        new Enumeration<InputStream>() {
          @Override
          public boolean hasMoreElements() {
            return parts.hasNext();
          }

          @Override
          public InputStream nextElement() {
            return new ByteArrayInputStream(filePart(id, name, parts.next()));
          }
        });
  }

  private List<Integer> fileParts(String id, String name) {
    return query(
        "select part from job_file where job_id = ? and name = ? order by part",
        rs -> rs.getInt(1),
        id,
        name);
  }

  private byte[] filePart(String id, String name, int part) {
    var found =
        query(
            "select content from job_file where job_id = ? and name = ? and part = ?",
            rs -> rs.getBytes(1),
            id,
            name,
            part);
    return found.isEmpty() ? new byte[0] : found.get(0);
  }

  private static Job job(ResultSet rs) throws SQLException {
    long total = rs.getLong(8);
    return new Job(
        rs.getString(1),
        rs.getString(2),
        JobState.valueOf(rs.getString(3)),
        json(rs.getString(4)),
        new JobProgress(rs.getLong(7), rs.wasNull() ? null : total),
        rs.getInt(9),
        rs.getInt(10),
        rs.getString(6),
        json(rs.getString(5)),
        rs.getString(11),
        instant(rs, 12),
        instant(rs, 13),
        instant(rs, 14),
        instant(rs, 15),
        instant(rs, 16),
        null);
  }

  private static JsonObject json(String text) {
    if (text == null) {
      return null;
    }
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    var time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
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
    LOG.log(Level.WARNING, "The job table cannot be used", e);
    return database.unavailable(
        "Jobs cannot be read or changed now; try again shortly.", new PersistenceException(e));
  }
}
