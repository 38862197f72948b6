package dev.backplane.api.collections.control;

import dev.backplane.api.jobs.control.JobRun;
import dev.backplane.api.jobs.control.RecurringJob;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.persistence.control.Statements;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Deletes idempotency keys once they are {@link IdempotencyKeys#KEPT} old, hourly, once for the
 * cluster; five thousand at a time, so each statement ends well within the statement timeout.
 */
@ApplicationScoped
public class IdempotencyKeyPurge implements RecurringJob {

  private static final int BATCH = 5000;

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Override
  public String name() {
    return "idempotency-keys-purge";
  }

  @Override
  public String defaultSchedule() {
    return "0 5 * * * *";
  }

  @Override
  public JsonObject run(JobRun run) throws Exception {
    var before = OffsetDateTime.now(ZoneOffset.UTC).minus(IdempotencyKeys.KEPT);
    long deleted =
        run.inBatches(
            BATCH,
            () ->
                new Statements(dataSource)
                    .update(
                        "delete from idempotency_key where (owner, idem_key) in (select owner,"
                            + " idem_key from idempotency_key where created_at < ? limit "
                            + BATCH
                            + ")",
                        before));
    return Json.createObjectBuilder()
        .add("deleted", deleted)
        .add("createdBefore", before.toInstant().toString())
        .build();
  }
}
