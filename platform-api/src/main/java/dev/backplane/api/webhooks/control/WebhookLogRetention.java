package dev.backplane.api.webhooks.control;

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
 * Deletes the delivery log's attempts older than {@code backplane.webhooks.log-retention-days}, on
 * its schedule (daily at 03:45 UTC by default), once for the cluster: the log grows with every
 * event of every followed topic.
 */
@ApplicationScoped
public class WebhookLogRetention implements RecurringJob {

  private static final int BATCH = 5000;

  @Inject WebhookStore store;

  @Inject
  @ConfigProperty(name = "backplane.webhooks.log-retention-days")
  int retentionDays;

  @Override
  public String name() {
    return "webhook-log-retention";
  }

  @Override
  public String defaultSchedule() {
    return "0 45 3 * * *";
  }

  @Override
  public JsonObject run(JobRun run) throws Exception {
    var before = Instant.now().minus(Duration.ofDays(retentionDays));
    long deleted = run.inBatches(BATCH, () -> store.deleteDeliveriesBefore(before, BATCH));
    return Json.createObjectBuilder()
        .add("deleted", deleted)
        .add("attemptedBefore", before.toString())
        .build();
  }
}
