package dev.backplane.api.jobs.entity;

/**
 * Where a job is: waiting its turn (or its next attempt), being run by an instance, or finished one
 * of three ways. Failed jobs are kept with their error and can be retried.
 */
public enum JobState {
  queued,
  running,
  succeeded,
  failed,
  cancelled;

  public boolean finished() {
    return this == succeeded || this == failed || this == cancelled;
  }
}
