package dev.backplane.api.audit.control;

import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.jobs.control.JobChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Records administrators' changes to jobs (the job queue is infrastructure and knows no audit
 * trail: it tells, in the change's transaction, and the trail listens).
 */
@ApplicationScoped
public class AuditedJobChanges {

  @Inject AuditTrail trail;

  void onJobChanged(@Observes JobChanged change) {
    var by = change.by();
    var event =
        trail.begin(
            new Actor(by.name(), by.subject(), by.requestId()),
            change.action(),
            "job",
            change.before().id(),
            change.before());
    event.completed(change.after().id(), change.after());
  }
}
