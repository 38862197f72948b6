package dev.backplane.api.jobs.control;

import jakarta.json.JsonObject;

/**
 * A kind of job a feature offers (an export, an import, a webhook delivery): a CDI bean, found by
 * the job queue through CDI, so that the queue knows no feature. An attempt that throws is retried
 * with exponential backoff until {@link #maxAttempts()}; then the job is failed, with its error.
 */
public interface JobType {

  /** Its name in the API: lower-case words joined by dashes. */
  String name();

  default int maxAttempts() {
    return 5;
  }

  /**
   * Does the job's work; an attempt after a failure or a lost instance starts again from the
   * progress that was recorded (a job whose effect must happen once records its progress in the
   * transaction of the work it stands for).
   *
   * @return the job's result, or null
   */
  JsonObject run(JobRun run) throws Exception;
}
