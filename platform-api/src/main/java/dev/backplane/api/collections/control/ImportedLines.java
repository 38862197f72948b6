package dev.backplane.api.collections.control;

import dev.backplane.api.jobs.control.JobRun;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One line of an import, in a transaction of its own with the job's progress: the record it makes,
 * or its line in the report of rejected lines.
 */
@ApplicationScoped
public class ImportedLines {

  private static final List<String> SYSTEM_FIELDS =
      List.of("id", "owner", "createdAt", "updatedAt", "version");

  @Inject Records records;
  @Inject ImportedLines self;

  /** Makes the line's record; a line the collection refuses is reported instead. */
  public void create(
      JobRun run, long line, long total, String collection, VerifiedToken caller, JsonObject body) {
    try {
      self.made(run, line, total, collection, caller, body);
    } catch (InvalidInputException e) {
      var errors = Json.createArrayBuilder();
      e.violations()
          .forEach(
              v ->
                  errors.add(
                      Json.createObjectBuilder()
                          .add("field", v.field())
                          .add("message", v.message())));
      self.rejected(run, line, total, errors.build().toString());
    } catch (ConflictException e) {
      var error = Json.createObjectBuilder().add("message", e.getMessage());
      e.violation().ifPresent(v -> error.add("field", v.field()).add("message", v.message()));
      self.rejected(run, line, total, Json.createArrayBuilder().add(error).build().toString());
    }
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void made(
      JobRun run, long line, long total, String collection, VerifiedToken caller, JsonObject body) {
    var values = Json.createObjectBuilder(body);
    SYSTEM_FIELDS.forEach(values::remove);
    records.create(collection, caller, values.build(), null);
    run.progress(line, total);
  }

  /** A line that is no JSON object. */
  public void reject(JobRun run, long line, long total, String message) {
    self.rejected(
        run,
        line,
        total,
        Json.createArrayBuilder()
            .add(Json.createObjectBuilder().add("message", message))
            .build()
            .toString());
  }

  /** A blank line: nothing to make. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void skip(JobRun run, long line, long total) {
    run.progress(line, total);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void rejected(JobRun run, long line, long total, String errors) {
    var report = "{\"line\":" + line + ",\"errors\":" + errors + "}\n";
    run.part(CollectionImport.REJECTED, (int) line, report.getBytes(StandardCharsets.UTF_8));
    run.progress(line, total);
  }
}
