package dev.backplane.api.jobs.control;

import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.jobs.entity.JobPage;
import dev.backplane.api.jobs.entity.JobState;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/**
 * The jobs as features and administrators use them: a job is enqueued in the transaction of the
 * change that asks for it (both are committed, or neither), looked at, retried after a failure and
 * cancelled while it waits.
 */
@ApplicationScoped
public class JobQueue {

  @Inject JobStore store;
  @Inject JobScheduler scheduler;
  @Inject DatabaseAvailability database;
  @Inject @Any Instance<JobType> types;
  @Inject Event<JobChanged> changed;
  @Resource TransactionSynchronizationRegistry transactions;

  /**
   * A new job, due now, in the caller's transaction (one is begun when there is none).
   *
   * @param createdBy the subject of whoever asked for it
   * @return its id
   */
  @Transactional(Transactional.TxType.REQUIRED)
  public String enqueue(String type, JsonObject input, String createdBy) {
    var job = type(type);
    database.require();
    var id = UUID.randomUUID().toString();
    var now = JobStore.now();
    store.insert(id, job.name(), input, job.maxAttempts(), createdBy, now);
    scheduler.schedule(id, now.toInstant());
    startOnCommit();
    return id;
  }

  /**
   * Stores a file for a job enqueued in the caller's transaction (an import's upload), read from a
   * stream a part at a time: an upload is never held whole.
   *
   * @return its size in bytes
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public long attach(String id, String name, InputStream content) throws IOException {
    long size = 0;
    int part = 0;
    byte[] bytes;
    while ((bytes = content.readNBytes(JobRun.PART_BYTES)).length > 0) {
      store.writeFilePart(id, name, part++, bytes);
      size += bytes.length;
    }
    return size;
  }

  /**
   * Has this instance look for due jobs as soon as the transaction commits: the job starts at once,
   * here, instead of at some instance's next poll.
   */
  private void startOnCommit() {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              scheduler.lookNow();
            }
          }
        });
  }

  /** The names of the job types there are, for filters to offer. */
  public List<String> typeNames() {
    return types.stream().map(JobType::name).sorted().toList();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Job find(String id) {
    database.require();
    return store.find(id).orElseThrow(() -> notFound(id));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public JobPage page(JobState state, String type, int first, int max) {
    database.require();
    return store.page(state, type, first, max);
  }

  /** A failed job queued again, with as many attempts as a new one has. */
  @Transactional
  public Job retry(String id, JobChanged.By by) {
    var job = find(id);
    if (job.state() != JobState.failed) {
      throw new ConflictException(
          "Only a failed job can be retried; this one is " + job.state() + ".");
    }
    var now = JobStore.now();
    if (!store.retry(id, type(job.type()).maxAttempts(), now)) {
      throw new ConflictException("The job changed meanwhile; look at it again.");
    }
    scheduler.schedule(id, now.toInstant());
    startOnCommit();
    var after = find(id);
    changed.fire(new JobChanged(by, "job.retry", job, after));
    return after;
  }

  /** A queued job cancelled: it will not run (again). */
  @Transactional
  public Job cancel(String id, JobChanged.By by) {
    var job = find(id);
    if (job.state() != JobState.queued) {
      throw new ConflictException(
          "Only a queued job can be cancelled; this one is " + job.state() + ".");
    }
    // the job's row is locked by the update: an instance about to start it waits, then finds it
    // cancelled and drops its execution
    if (!store.cancel(id)) {
      throw new ConflictException("The job started meanwhile; it can no longer be cancelled.");
    }
    scheduler.unschedule(id);
    var after = find(id);
    changed.fire(new JobChanged(by, "job.cancel", job, after));
    return after;
  }

  private JobType type(String name) {
    return types.stream()
        .filter(type -> type.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no job type " + name));
  }

  private static ResourceNotFoundException notFound(String id) {
    return new ResourceNotFoundException("There is no job " + id + ".");
  }
}
