package dev.backplane.api.collections.control;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.jobs.control.JobQueue;
import dev.backplane.api.jobs.control.JobRun;
import dev.backplane.api.jobs.control.JobType;
import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.problem.control.RejectedInputException;
import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Records made from an uploaded NDJSON file as a job ({@value #TYPE}): one record per line, each
 * checked as the records API checks a create; a line that fails is reported (its number and errors,
 * in {@value #REJECTED}) and the others go on. Each line is made in a transaction with the job's
 * progress, so an attempt that starts again (its instance was killed) goes on after the last line
 * done: every line takes effect once. System fields (id, owner, times, version) in a line are
 * ignored, so an export imports as it is; the records are the importing administrator's.
 */
@ApplicationScoped
public class CollectionImport implements JobType {

  public static final String TYPE = "collection-import";
  static final String UPLOAD = "upload.ndjson";
  static final String REJECTED = "rejected.ndjson";

  @Inject CollectionDefinitions definitions;
  @Inject ImportedLines lines;
  @Inject JobQueue queue;
  @Inject AuditTrail audit;

  @Override
  public String name() {
    return TYPE;
  }

  /**
   * Enqueues an import of an upload (audited), stored with the job in one transaction: an upload
   * that breaks off or outgrows its limit leaves nothing behind.
   */
  @Transactional(rollbackOn = IOException.class)
  public Job start(Actor actor, String collection, InputStream upload) throws IOException {
    definitions.get(collection);
    var event = audit.begin(actor, "collection.import", "collection", collection, null);
    var id =
        queue.enqueue(
            TYPE,
            Json.createObjectBuilder().add("collection", collection).build(),
            actor.subject());
    if (queue.attach(id, UPLOAD, upload) == 0) {
      throw new RejectedInputException(
          "The upload is empty: send the records as NDJSON, one JSON object per line.");
    }
    var job = queue.find(id);
    event.completed(collection, job);
    return job;
  }

  @Override
  public JsonObject run(JobRun run) throws IOException {
    var collection = run.input().getString("collection");
    definitions.get(collection);
    var caller =
        new VerifiedToken(
            run.createdBy(), null, "jobs", Set.of(Roles.ADMIN), Instant.MAX, Map.of());
    long total = count(run);
    long line = 0;
    try (var reader = reader(run)) {
      String text;
      while ((text = reader.readLine()) != null) {
        line++;
        if (line <= run.done()) {
          continue;
        }
        if (text.isBlank()) {
          lines.skip(run, line, total);
          continue;
        }
        JsonObject body;
        try (var json = Json.createReader(new StringReader(text))) {
          body = json.readObject();
        } catch (JsonException | IllegalStateException e) {
          lines.reject(run, line, total, "is not one JSON object");
          continue;
        }
        lines.create(run, line, total, collection, caller, body);
      }
    }
    int rejected = run.parts(REJECTED);
    var result =
        Json.createObjectBuilder()
            .add("collection", collection)
            .add("lines", line)
            .add("rejected", rejected);
    if (rejected > 0) {
      result.add("files", Json.createObjectBuilder().add(REJECTED, Json.createObjectBuilder()));
    }
    return result.build();
  }

  private static BufferedReader reader(JobRun run) {
    return new BufferedReader(new InputStreamReader(run.read(UPLOAD), StandardCharsets.UTF_8));
  }

  private static long count(JobRun run) throws IOException {
    try (var reader = reader(run)) {
      return reader.lines().count();
    }
  }
}
