package dev.backplane.api.jobs.control;

/**
 * A job that runs on a schedule, once per scheduled time for the whole cluster (never once per
 * instance): each run is a job of its own, listed with the others. Its schedule is a cron
 * expression with seconds first ({@code 0 15 3 * * *}: 03:15:00 UTC daily), configured by {@code
 * backplane.jobs.schedule.<name>}; {@code -} turns it off.
 */
public interface RecurringJob extends JobType {

  /** The schedule when none is configured. */
  String defaultSchedule();

  /** A missed run is not repeated: the next scheduled one does the same work. */
  @Override
  default int maxAttempts() {
    return 1;
  }
}
