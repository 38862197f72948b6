package dev.backplane.api.jobs.control;

import dev.backplane.api.cluster.control.InstanceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an attempt at a job on a scheduler thread: records its start (taking the job over from an
 * attempt whose instance was lost), runs its type, and records how it ended. A failed attempt is
 * retried after an exponential backoff until the job's attempts are spent, then the job is failed
 * and kept with its error.
 */
@ApplicationScoped
public class JobExecution {

  private static final Logger LOG = Logger.getLogger(JobExecution.class.getName());
  private static final int ERROR_LENGTH = 2000;

  @Inject JobStore store;
  @Inject JobSettings settings;
  @Inject InstanceIdentity instance;
  @Inject @Any Instance<JobType> types;

  /**
   * One attempt at a job.
   *
   * @return when to try again, or null when the job needs no more attempts
   */
  Instant attempt(String id) {
    JobStore.Started started;
    try {
      var found = store.start(id, instance.id());
      if (found.isEmpty()) {
        return null;
      }
      started = found.get();
    } catch (RuntimeException e) {
      // the database did not answer: the execution stays, for a later attempt
      LOG.log(Level.WARNING, "Job " + id + " could not be started; trying again later", e);
      return Instant.now().plus(settings.backoff(1));
    }
    var type = type(started.type());
    if (type == null) {
      store.fail(id, started.attempt(), "no job of type " + started.type() + " is known", null);
      return null;
    }
    try {
      var result = type.run(new JobRun(store, started));
      if (!store.succeed(id, started.attempt(), result)) {
        LOG.warning(() -> "Job " + id + " ended after another attempt had taken it over");
      }
      return null;
    } catch (JobRun.LostJobException e) {
      LOG.warning(() -> "Job " + id + " stopped: another attempt has taken it over");
      return null;
    } catch (Exception | LinkageError e) {
      LOG.log(Level.INFO, "Job " + id + " (" + type.name() + ") failed", e);
      var retryAt =
          started.attempt() < started.maxAttempts()
              ? Instant.now().plus(settings.backoff(started.attempt()))
              : null;
      if (!store.fail(
          id,
          started.attempt(),
          error(e),
          retryAt == null ? null : retryAt.atOffset(ZoneOffset.UTC))) {
        return null;
      }
      return retryAt;
    }
  }

  /** A recurring job's run for one scheduled time: a job of its own, made once. */
  void recurring(RecurringJob job, Instant scheduledFor, String instanceId) {
    var id =
        UUID.nameUUIDFromBytes((job.name() + "@" + scheduledFor).getBytes(StandardCharsets.UTF_8))
            .toString();
    try {
      if (!store.exists(id)) {
        store.insert(
            id,
            job.name(),
            Json.createObjectBuilder()
                .add("scheduledFor", scheduledFor.toString())
                .add("schedule", "recurring")
                .build(),
            job.maxAttempts(),
            "scheduler",
            null);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Recurring job " + job.name() + " could not be recorded", e);
      return;
    }
    attempt(id);
  }

  private JobType type(String name) {
    for (var type : types) {
      if (type.name().equals(name)) {
        return type;
      }
    }
    return null;
  }

  /** What a failure says, for the job's record: its message, or what kind of failure it was. */
  private static String error(Throwable e) {
    var message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = "failed without a message; the instance log has its details";
    }
    return message.length() > ERROR_LENGTH ? message.substring(0, ERROR_LENGTH) : message;
  }
}
