package dev.backplane.api.ratelimit.control;

import dev.backplane.api.jobs.control.JobRun;
import dev.backplane.api.jobs.control.RecurringJob;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.persistence.control.Statements;
import dev.backplane.api.ratelimit.entity.HourlyUsage;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The usage roll-up, every 5 minutes by default, once for the cluster: copies each policy's
 * requests per minute across the cluster (the last 15 minutes the instances hold) into the
 * database, and sums the hours those minutes fall in, so usage is kept for {@code
 * backplane.usage.retention-days}. A minute's stored counts only rise (an instance that restarted
 * forgets its own, and a later run must not lower what an earlier one saw); each run rewrites the
 * hours it touched from their minutes, so a run repeated or missed changes nothing in the end.
 */
@ApplicationScoped
public class UsageRollup implements RecurringJob {

  /** Minutes are kept two days: hours are only rebuilt from the last minutes. */
  private static final long MINUTES_KEPT = 2 * 24 * 60;

  private static final String MINUTE =
      "merge into usage_minute t using (select cast(? as bigint) as policy_id, cast(? as bigint)"
          + " as epoch_minute, cast(? as bigint) as allowed, cast(? as bigint) as refused) s on"
          + " (t.policy_id = s.policy_id and t.epoch_minute = s.epoch_minute) when matched then"
          + " update set allowed = greatest(t.allowed, s.allowed), refused = greatest(t.refused,"
          + " s.refused) when not matched then insert (policy_id, epoch_minute, allowed, refused)"
          + " values (s.policy_id, s.epoch_minute, s.allowed, s.refused)";

  private static final String HOUR =
      "merge into usage_hour t using (select cast(? as bigint) as policy_id, cast(? as"
          + " varchar(64)) as policy_name, cast(? as bigint) as epoch_hour, coalesce(sum(allowed),"
          + " 0) as allowed, coalesce(sum(refused), 0) as refused from usage_minute where policy_id"
          + " = ? and epoch_minute >= ? and epoch_minute < ?) s on (t.policy_id = s.policy_id and"
          + " t.epoch_hour = s.epoch_hour) when matched then update set policy_name ="
          + " s.policy_name, allowed = s.allowed, refused = s.refused when not matched then insert"
          + " (policy_id, policy_name, epoch_hour, allowed, refused) values (s.policy_id,"
          + " s.policy_name, s.epoch_hour, s.allowed, s.refused)";

  @Inject RateLimitUsage usage;
  @Inject PolicyStore policies;

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject
  @ConfigProperty(name = "backplane.usage.retention-days")
  int retentionDays;

  @Override
  public String name() {
    return "usage-rollup";
  }

  @Override
  public String defaultSchedule() {
    return "30 */5 * * * *";
  }

  @Override
  public JsonObject run(JobRun run) throws Exception {
    var statements = new Statements(dataSource);
    var minutes = usage.minutes();
    int minutesWritten = 0;
    int hoursWritten = 0;
    for (var policy : policies.list()) {
      var hours = new TreeSet<Long>();
      for (var minute : minutes.getOrDefault(policy.id(), List.of())) {
        if (minute.allowed() == 0 && minute.refused() == 0) {
          continue;
        }
        long epochMinute = minute.minute().getEpochSecond() / 60;
        statements.update(MINUTE, policy.id(), epochMinute, minute.allowed(), minute.refused());
        minutesWritten++;
        hours.add(epochMinute / 60);
      }
      for (long hour : hours) {
        statements.update(
            HOUR, policy.id(), policy.name(), hour, policy.id(), hour * 60, hour * 60 + 60);
        hoursWritten++;
      }
    }
    long nowMinute = Instant.now().getEpochSecond() / 60;
    int minutesDeleted =
        statements.update(
            "delete from usage_minute where epoch_minute < ?", nowMinute - MINUTES_KEPT);
    int hoursDeleted =
        statements.update(
            "delete from usage_hour where epoch_hour < ?", nowMinute / 60 - retentionDays * 24L);
    return Json.createObjectBuilder()
        .add("minutes", minutesWritten)
        .add("hours", hoursWritten)
        .add("deleted", minutesDeleted + hoursDeleted)
        .build();
  }

  /**
   * The hours rolled up over the last {@code hours} hours, the current one included, newest first;
   * of one policy (by name) or all.
   */
  public List<HourlyUsage> hours(int hours, String policy) throws SQLException {
    long since = Instant.now().getEpochSecond() / 3600 - hours + 1;
    var sql =
        "select policy_id, policy_name, epoch_hour, allowed, refused from usage_hour where"
            + " epoch_hour >= ?"
            + (policy == null ? "" : " and policy_name = ?")
            + " order by epoch_hour desc, policy_name";
    Statements.Row<HourlyUsage> row =
        rs ->
            new HourlyUsage(
                rs.getLong(1),
                rs.getString(2),
                Instant.ofEpochSecond(rs.getLong(3) * 3600),
                rs.getLong(4),
                rs.getLong(5));
    var statements = new Statements(dataSource);
    return policy == null
        ? statements.query(sql, row, since)
        : statements.query(sql, row, since, policy);
  }
}
