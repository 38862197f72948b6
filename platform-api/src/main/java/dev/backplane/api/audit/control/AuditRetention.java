package dev.backplane.api.audit.control;

import dev.backplane.api.jobs.control.JobRun;
import dev.backplane.api.jobs.control.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes audit events older than {@code backplane.audit.retention-days}, on its schedule (daily at
 * 03:15 UTC by default), once for the cluster.
 */
@ApplicationScoped
public class AuditRetention implements RecurringJob {

  private static final int BATCH = 5000;

  @Inject AuditTrail trail;

  @Inject
  @ConfigProperty(name = "backplane.audit.retention-days")
  int retentionDays;

  @Override
  public String name() {
    return "audit-retention";
  }

  @Override
  public String defaultSchedule() {
    return "0 15 3 * * *";
  }

  @Override
  public JsonObject run(JobRun run) throws Exception {
    var before = Instant.now().minus(Duration.ofDays(retentionDays));
    long deleted = run.inBatches(BATCH, () -> trail.deleteBefore(before, BATCH));
    return Json.createObjectBuilder()
        .add("deleted", deleted)
        .add("occurredBefore", before.toString())
        .build();
  }
}
