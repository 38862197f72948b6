package dev.backplane.api.jobs.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Deletes finished jobs, their attempts and files, after {@code backplane.jobs.retention-days}. */
@ApplicationScoped
public class JobRetention implements RecurringJob {

  @Inject JobStore store;
  @Inject JobSettings settings;

  @Override
  public String name() {
    return "jobs-retention";
  }

  @Override
  public String defaultSchedule() {
    return "0 30 3 * * *";
  }

  @Override
  public JsonObject run(JobRun run) {
    var before = JobStore.now().minusDays(settings.retentionDays());
    int deleted = store.deleteFinishedBefore(before);
    run.progress(deleted, (long) deleted);
    return Json.createObjectBuilder()
        .add("deleted", deleted)
        .add("finishedBefore", before.toInstant().toString())
        .build();
  }
}
