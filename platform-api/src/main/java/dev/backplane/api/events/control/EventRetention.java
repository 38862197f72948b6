package dev.backplane.api.events.control;

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
 * Deletes events older than {@code backplane.events.retention-hours}, hourly: the window within
 * which a subscriber resumes with Last-Event-ID without missing anything.
 */
@ApplicationScoped
public class EventRetention implements RecurringJob {

  private static final int BATCH = 5000;

  @Inject EventLog log;

  @Inject
  @ConfigProperty(name = "backplane.events.retention-hours")
  int retentionHours;

  @Override
  public String name() {
    return "events-retention";
  }

  @Override
  public String defaultSchedule() {
    return "0 45 * * * *";
  }

  @Override
  public JsonObject run(JobRun run) throws Exception {
    var before = Instant.now().minus(Duration.ofHours(retentionHours));
    long deleted = run.inBatches(BATCH, () -> log.deleteBefore(before, BATCH));
    return Json.createObjectBuilder()
        .add("deleted", deleted)
        .add("occurredBefore", before.toString())
        .build();
  }
}
