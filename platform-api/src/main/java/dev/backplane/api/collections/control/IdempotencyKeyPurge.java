package dev.backplane.api.collections.control;

import dev.backplane.api.jobs.control.JobRun;
import dev.backplane.api.jobs.control.RecurringJob;
import dev.backplane.api.persistence.control.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.SQLException;
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
  public JsonObject run(JobRun run) throws SQLException {
    var before = OffsetDateTime.now(ZoneOffset.UTC).minus(IdempotencyKeys.KEPT);
    long deleted = 0;
    int batch;
    do {
      try (var connection = dataSource.getConnection();
          var delete =
              connection.prepareStatement(
                  "delete from idempotency_key where (owner, idem_key) in (select owner, idem_key"
                      + " from idempotency_key where created_at < ? limit "
                      + BATCH
                      + ")")) {
        delete.setObject(1, before);
        batch = delete.executeUpdate();
      }
      deleted += batch;
      run.progress(deleted, null);
    } while (batch == BATCH);
    return Json.createObjectBuilder()
        .add("deleted", deleted)
        .add("createdBefore", before.toInstant().toString())
        .build();
  }
}
