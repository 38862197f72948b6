package dev.backplane.api.jobs.control;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.backplane.api.cluster.control.InstanceIdentity;
import dev.backplane.api.persistence.control.SchemaMigration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The job queue's engine: db-scheduler, polling the platform's database from every instance. An
 * execution is picked by one instance at a time (an optimistic update of its row); the instance
 * beats a heartbeat while it runs it, and when the heartbeats stop (the instance was killed)
 * another instance takes the execution over. Every job is one execution of the task {@value #JOB},
 * named by the job's id; every recurring job one execution of a task of its own, rescheduled after
 * each run, so it runs once per scheduled time for the whole cluster. Threads come from the
 * container (a managed thread factory), so job code has CDI, transactions and JNDI as requests
 * have.
 */
@ApplicationScoped
public class JobScheduler {

  private static final Logger LOG = Logger.getLogger(JobScheduler.class.getName());
  static final String JOB = "job";
  private static final String RECURRING = "recurring-";

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService retries;

  @Inject SchemaMigration schema;
  @Inject InstanceIdentity instance;
  @Inject JobExecution execution;
  @Inject JobSettings settings;
  @Inject @Any Instance<RecurringJob> recurringJobs;

  private List<Task<?>> tasks;
  private List<RecurringTask<Void>> recurring;
  private SchedulerClient client;
  private volatile Scheduler scheduler;
  private volatile boolean stopped;

  @PostConstruct
  void prepare() {
    tasks = new ArrayList<>();
    recurring = new ArrayList<>();
    tasks.add(
        Tasks.custom(JOB, Void.class)
            .execute(
                (taskInstance, context) -> {
                  var retryAt = execution.attempt(taskInstance.getId());
                  return retryAt == null
                      ? new CompletionHandler.OnCompleteRemove<>()
                      : (complete, operations) -> operations.reschedule(complete, retryAt);
                }));
    for (var job : recurringJobs) {
      var schedule = schedule(job);
      if (schedule.isDisabled()) {
        LOG.info(() -> "Recurring job " + job.name() + " is off (its schedule is -)");
        continue;
      }
      recurring.add(
          Tasks.recurring(RECURRING + job.name(), schedule)
              .execute(
                  (taskInstance, context) ->
                      execution.recurring(
                          job, context.getExecution().executionTime, instance.id())));
    }
    var known = new ArrayList<Task<?>>(tasks);
    known.addAll(recurring);
    client = SchedulerClient.Builder.create(dataSource, known).build();
  }

  private CronSchedule schedule(RecurringJob job) {
    var config = ConfigProvider.getConfig(JobScheduler.class.getClassLoader());
    var pattern =
        config
            .getOptionalValue("backplane.jobs.schedule." + job.name(), String.class)
            .orElse(job.defaultSchedule());
    return Schedules.cron(pattern.trim(), ZoneOffset.UTC);
  }

  void onStartup(@Observes Startup startup) {
    start();
  }

  /** Starts taking work once the schema is there (tried again every few seconds until it is). */
  private synchronized void start() {
    if (stopped || scheduler != null) {
      return;
    }
    if (!schema.ensureMigrated().migrated()) {
      retries.schedule(this::start, 5, TimeUnit.SECONDS);
      return;
    }
    scheduler =
        Scheduler.create(dataSource, tasks)
            // scheduled at start (once for the cluster: their execution's row is shared)
            .startTasks(recurring)
            .schedulerName(new SchedulerName.Fixed(instance.id()))
            .threads(settings.threads())
            .executorService(Executors.newFixedThreadPool(settings.threads(), threads))
            .dueExecutor(Executors.newSingleThreadExecutor(threads))
            .housekeeperExecutor(Executors.newScheduledThreadPool(2, threads))
            .pollingInterval(settings.pollInterval())
            .heartbeatInterval(settings.heartbeatInterval())
            .missedHeartbeatsLimit(settings.missedHeartbeats())
            .deleteUnresolvedAfter(Duration.ofDays(1))
            .shutdownMaxWait(settings.shutdownWait())
            .enableImmediateExecution()
            .build();
    scheduler.start();
    LOG.info(
        () ->
            "Jobs: taking work with "
                + settings.threads()
                + " threads; a job whose instance misses "
                + settings.missedHeartbeats()
                + " heartbeats of "
                + settings.heartbeatInterval().toMillis()
                + " ms is taken over");
  }

  /**
   * Stops taking work and waits (a bounded time) for the jobs running here; those still running
   * then are taken over by other instances once this one's heartbeats stop.
   */
  @PreDestroy
  public synchronized void stop() {
    stopped = true;
    if (scheduler != null) {
      scheduler.stop();
      scheduler = null;
    }
  }

  /** Looks for due jobs now (a job just committed), instead of at the next poll. */
  void lookNow() {
    var running = scheduler;
    if (running != null) {
      running.triggerCheckForDueExecutions();
    }
  }

  /** Makes a job due at a time; in the caller's transaction when there is one. */
  void schedule(String id, Instant at) {
    client.scheduleIfNotExists(new TaskInstance<Void>(JOB, id), at);
  }

  /** Drops a job's execution that is waiting; false when an instance is running it. */
  boolean unschedule(String id) {
    try {
      client.cancel(TaskInstanceId.of(JOB, id));
      return true;
    } catch (TaskInstanceNotFoundException e) {
      return true;
    } catch (TaskInstanceCurrentlyExecutingException e) {
      return false;
    }
  }
}
