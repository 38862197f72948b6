package dev.backplane.api.collections.control;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.collections.entity.ExportRequest;
import dev.backplane.api.jobs.control.JobQueue;
import dev.backplane.api.jobs.control.JobRun;
import dev.backplane.api.jobs.control.JobType;
import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A collection's records written to a file as a job ({@value #TYPE}), downloadable from the job
 * when it has succeeded. Pages of {@value #PAGE} records are read in the records API's default
 * order (creation, id) with keyset cursors, so the export holds no long transaction and each read
 * ends within the statement timeout; an attempt after a failure writes the file again whole.
 */
@ApplicationScoped
public class CollectionExport implements JobType {

  public static final String TYPE = "collection-export";
  private static final int PAGE = 500;
  private static final List<String> SYSTEM_FIELDS =
      List.of("id", "owner", "createdAt", "updatedAt", "version");

  @Inject Records records;
  @Inject CollectionDefinitions definitions;
  @Inject JobQueue queue;
  @Inject AuditTrail audit;

  @Override
  public String name() {
    return TYPE;
  }

  @Override
  public int maxAttempts() {
    return 3;
  }

  /** Enqueues an export (audited): the job is committed with its audit event, or neither is. */
  @Transactional
  public Job start(Actor actor, String collection, ExportRequest request) {
    var spec = definitions.get(collection).spec();
    // a filter that does not parse is the caller's mistake now, not the job's later
    RecordQuery.of(spec, new RecordQuery.Request(request.filter(), null, null, null, null));
    var input =
        Json.createObjectBuilder()
            .add("collection", collection)
            .add("format", request.formatOrDefault());
    if (request.filter() != null) {
      input.add("filter", request.filter());
    }
    var event = audit.begin(actor, "collection.export", "collection", collection, null);
    var id = queue.enqueue(TYPE, input.build(), actor.subject());
    var job = queue.find(id);
    event.completed(collection, job);
    return job;
  }

  @Override
  public JsonObject run(JobRun run) throws IOException {
    var input = run.input();
    var collection = input.getString("collection");
    var format = input.getString("format");
    var filter = input.getString("filter", null);
    // the job acts for the administrator who asked for it, whom no collection rule holds back
    var caller =
        new VerifiedToken(
            run.createdBy(), null, "jobs", Set.of(Roles.ADMIN), Instant.MAX, Map.of());
    var spec = definitions.get(collection).spec();
    var columns = new ArrayList<>(SYSTEM_FIELDS);
    spec.fields().forEach(field -> columns.add(field.name()));
    var file = collection + "." + format;
    long done = 0;
    Long total = null;
    var bytes = new CountingStream(run.file(file));
    try (var out =
            new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), 64 * 1024);
        var csv =
            format.equals("csv")
                ? new CSVPrinter(
                    out,
                    CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new)).get())
                : null) {
      String after = null;
      do {
        var page =
            records.list(
                collection,
                caller,
                new RecordQuery.Request(filter, null, after, null, PAGE),
                total == null);
        if (total == null) {
          total = page.getJsonNumber("total").longValue();
        }
        for (var item : page.getJsonArray("items").getValuesAs(JsonObject.class)) {
          if (csv == null) {
            out.write(item.toString());
            out.write('\n');
          } else {
            var row = new ArrayList<String>();
            for (var column : columns) {
              row.add(text(item.get(column)));
            }
            csv.printRecord(row);
          }
          done++;
        }
        run.progress(done, Math.max(total, done));
        after = page.getString("next", null);
      } while (after != null);
      if (csv != null) {
        csv.flush();
      }
      out.flush();
      bytes.close();
      return Json.createObjectBuilder()
          .add("collection", collection)
          .add("format", format)
          .add("records", done)
          .add(
              "files",
              Json.createObjectBuilder()
                  .add(file, Json.createObjectBuilder().add("bytes", bytes.count())))
          .build();
    }
  }

  /**
   * A value as a CSV cell: text as it is, nothing for null, anything else as JSON. Text a
   * spreadsheet would take for a formula (starting with =, +, -, @, a tab or a carriage return) is
   * written after an apostrophe, as OWASP advises against CSV injection: a record's text must not
   * run as a formula on the administrator's machine.
   */
  static String text(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return "";
    }
    if (!(value instanceof JsonString string)) {
      return value.toString();
    }
    var text = string.getString();
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
  }

  /** Counts the bytes written, for the result's file size. */
  private static final class CountingStream extends FilterOutputStream {
    private long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }

    long count() {
      return count;
    }
  }
}
