package dev.backplane.api.jobs.control;

import dev.backplane.api.jobs.entity.Job;

/**
 * An administrator's change to a job (a retry, a cancel), fired inside its transaction: the audit
 * trail observes it, so the change and its record are committed together, or neither is.
 *
 * @param action {@code job.retry} or {@code job.cancel}
 */
public record JobChanged(By by, String action, Job before, Job after) {

  /** Who changed it: a user name (or subject), the token's subject and the request's id. */
  public record By(String name, String subject, String requestId) {}
}
