package dev.backplane.api.collections.boundary;

import static dev.backplane.api.testing.Responses.assertProblem;
import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exports and imports of a collection as jobs, and the job queue's API around them: the same
 * scenario on H2 ({@link CollectionsIT}) and PostgreSQL ({@link CollectionsOnPostgresIT}), which
 * also holds a collection's table locked so that attempts fail, are retried after their backoff,
 * fail for good, are retried by an administrator, and are cancelled while they wait.
 */
final class ImportExportScenario {

  static final String JOBS = "/api/v1/admin/jobs";
  private static final String COLLECTIONS = RecordScenario.COLLECTIONS;

  private final URL base;
  private final RecordScenario calls;
  private final String admin;
  private final String operator;
  private final String alice;

  ImportExportScenario(URL base, TestIssuer issuer) {
    this.base = base;
    this.calls = new RecordScenario(base, issuer);
    this.admin = issuer.token("admin", "platform-admin");
    this.operator = issuer.token("operator", "platform-operator");
    this.alice = issuer.token("alice", "api-user");
  }

  private HttpResponse<String> send(String method, String path, String token, String json) {
    return calls.send(method, path, token, json);
  }

  /** Makes a collection {@code name} with {@code count} records; n runs from 0. */
  private void collection(String name, int count) {
    var created =
        send(
            "POST",
            COLLECTIONS,
            admin,
            """
            {"name":"%s","fields":[
              {"name":"title","type":"text","required":true},
              {"name":"n","type":"integer"},
              {"name":"meta","type":"json"}],
             "rules":{"read":["owner"],"create":["authenticated"]}}"""
                .formatted(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    for (int i = 0; i < count; i++) {
      var title = i == 0 ? "say \\\"hi\\\", ok" : "record " + i;
      var record =
          send(
              "POST",
              "/api/v1/collections/" + name + "/records",
              i % 2 == 0 ? alice : admin,
              "{\"title\":\"%s\",\"n\":%d,\"meta\":{\"i\":%d}}".formatted(title, i, i));
      assertThat(record.statusCode()).as(record.body()).isEqualTo(201);
    }
  }

  private JsonObject finished(String id) {
    var job = new AtomicReference<JsonObject>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              var read = send("GET", JOBS + "/" + id, operator, null);
              assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
              job.set(json(read));
              var state = job.get().getString("state");
              return state.equals("succeeded") || state.equals("failed");
            });
    return job.get();
  }

  private String export(String collection, String body) {
    var started = send("POST", COLLECTIONS + "/" + collection + "/exports", admin, body);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    var job = json(started);
    assertThat(started.headers().firstValue("Location"))
        .hasValueSatisfying(
            location -> assertThat(location).endsWith(JOBS + "/" + job.getString("id")));
    assertThat(job.getString("type")).isEqualTo("collection-export");
    return job.getString("id");
  }

  /** Exports as NDJSON and CSV, downloaded; the role rules and bad input around them. */
  void exports() {
    collection("shelf", 520);
    try {
      // who may: administrators start exports; operators read jobs and files; consumers neither
      assertThat(send("POST", COLLECTIONS + "/shelf/exports", operator, "{}").statusCode())
          .isEqualTo(403);
      assertThat(send("POST", COLLECTIONS + "/shelf/exports", alice, "{}").statusCode())
          .isEqualTo(403);
      assertThat(send("GET", JOBS, alice, null).statusCode()).isEqualTo(403);
      assertThat(new ApiClient(base).get(JOBS).statusCode()).isEqualTo(401);
      assertProblem(
          send("POST", COLLECTIONS + "/shelf/exports", admin, "{\"format\":\"xml\"}"),
          400,
          COLLECTIONS + "/shelf/exports");
      var badFilter =
          send("POST", COLLECTIONS + "/shelf/exports", admin, "{\"filter\":\"nope==1\"}");
      assertThat(badFilter.statusCode()).as(badFilter.body()).isEqualTo(400);
      assertThat(badFilter.body()).contains("nope");
      assertThat(send("POST", COLLECTIONS + "/absent/exports", admin, "{}").statusCode())
          .isEqualTo(404);

      var ndjson = finished(export("shelf", "{}"));
      assertThat(ndjson.getString("state")).as(ndjson.toString()).isEqualTo("succeeded");
      assertThat(ndjson.getJsonObject("progress").getInt("done")).isEqualTo(520);
      assertThat(ndjson.getJsonObject("progress").getInt("total")).isEqualTo(520);
      assertThat(ndjson.getJsonObject("result").getInt("records")).isEqualTo(520);
      var history = ndjson.getJsonArray("history");
      assertThat(history).hasSize(1);
      assertThat(history.getJsonObject(0).getString("outcome")).isEqualTo("succeeded");
      assertThat(history.getJsonObject(0).getString("instanceId")).isNotBlank();

      var file = JOBS + "/" + ndjson.getString("id") + "/files/shelf.ndjson";
      var download = send("GET", file, operator, null);
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
      var lines = download.body().split("\n");
      assertThat(lines).hasSize(520);
      var ids = new HashSet<String>();
      for (var line : lines) {
        try (var reader = Json.createReader(new StringReader(line))) {
          var record = reader.readObject();
          ids.add(record.getString("id"));
          assertThat(record.getJsonObject("meta").getInt("i")).isEqualTo(record.getInt("n"));
        }
      }
      assertThat(ids).hasSize(520);
      assertThat(
              ndjson
                  .getJsonObject("result")
                  .getJsonObject("files")
                  .getJsonObject("shelf.ndjson")
                  .getInt("bytes"))
          .isEqualTo(download.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      assertThat(
              send("GET", JOBS + "/" + ndjson.getString("id") + "/files/other.csv", admin, null)
                  .statusCode())
          .isEqualTo(404);

      var csv = finished(export("shelf", "{\"format\":\"csv\",\"filter\":\"n=lt=3\"}"));
      assertThat(csv.getString("state")).as(csv.toString()).isEqualTo("succeeded");
      var table = send("GET", JOBS + "/" + csv.getString("id") + "/files/shelf.csv", admin, null);
      assertThat(table.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
      var rows = table.body().split("\r\n");
      assertThat(rows).hasSize(4);
      assertThat(rows[0]).isEqualTo("id,owner,createdAt,updatedAt,version,title,n,meta");
      assertThat(rows[1]).contains(",\"say \"\"hi\"\", ok\",0,\"{\"\"i\"\":0}\"");

      // the queue's API
      var listed = json(send("GET", JOBS + "?type=collection-export", operator, null));
      assertThat(listed.getJsonArray("items").getValuesAs(JsonObject.class))
          .extracting(job -> job.getString("id"))
          .contains(ndjson.getString("id"), csv.getString("id"));
      assertThat(listed.getJsonArray("items").getJsonObject(0).containsKey("history")).isFalse();
      assertThat(json(send("GET", JOBS + "?state=succeeded&max=1", operator, null)).getInt("max"))
          .isEqualTo(1);
      assertProblem(send("GET", JOBS + "?state=done", operator, null), 400, JOBS);
      assertThat(send("GET", JOBS + "/types", operator, null).body())
          .contains(
              "\"collection-export\"",
              "\"audit-retention\"",
              "\"jobs-retention\"",
              "\"idempotency-keys-purge\"");
      assertProblem(send("GET", JOBS + "/nope", operator, null), 400, JOBS + "/nope");
      var unknown = JOBS + "/00000000-0000-0000-0000-000000000000";
      assertProblem(send("GET", unknown, operator, null), 404, unknown);
      var retry = JOBS + "/" + ndjson.getString("id") + "/retry";
      assertThat(send("POST", retry, operator, null).statusCode()).isEqualTo(403);
      assertProblem(send("POST", retry, admin, null), 409, retry);
      var cancel = JOBS + "/" + ndjson.getString("id") + "/cancel";
      assertThat(send("POST", cancel, operator, null).statusCode()).isEqualTo(403);
      assertProblem(send("POST", cancel, admin, null), 409, cancel);
      assertThat(send("GET", "/api/v1/admin/audit?action=collection.export", operator, null).body())
          .contains(ndjson.getString("id"));
    } finally {
      send("DELETE", COLLECTIONS + "/shelf", admin, null);
    }
  }

  /**
   * With the collection's table locked in PostgreSQL, an export's attempts time out: each is
   * retried after its backoff until the job fails, kept with its error and attempts; an
   * administrator retries it once the table is free, and it succeeds. Another export, waiting for
   * its second attempt, is cancelled and never runs again.
   */
  void failuresAreRetriedThenKept(String jdbcUrl) throws SQLException {
    collection("locked", 3);
    try {
      String failing;
      String cancelled;
      try (var lock = DriverManager.getConnection(jdbcUrl, "backplane", "unused")) {
        lock.setAutoCommit(false);
        try (var statement = lock.createStatement()) {
          statement.execute("lock table c_locked in access exclusive mode");
        }
        failing = export("locked", "{}");
        cancelled = export("locked", "{}");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  var job = json(send("GET", JOBS + "/" + cancelled, admin, null));
                  return job.getString("state").equals("queued") && job.getInt("attempts") == 1;
                });
        var cancel = send("POST", JOBS + "/" + cancelled + "/cancel", admin, null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(json(cancel).getString("state")).isEqualTo("cancelled");

        var failed = finished(failing);
        assertThat(failed.getString("state")).isEqualTo("failed");
        assertThat(failed.getInt("attempts")).isEqualTo(3);
        assertThat(failed.getString("error")).contains("try again");
        var history = failed.getJsonArray("history").getValuesAs(JsonObject.class);
        assertThat(history).hasSize(3);
        assertThat(history).extracting(a -> a.getString("outcome")).containsOnly("failed");
        lock.rollback();
      }
      var retried = send("POST", JOBS + "/" + failing + "/retry", admin, null);
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
      assertThat(json(retried).getString("state")).isNotEqualTo("failed");
      var done = finished(failing);
      assertThat(done.getString("state")).as(done.toString()).isEqualTo("succeeded");
      assertThat(done.getInt("attempts")).isEqualTo(4);
      assertThat(done.getJsonObject("result").getInt("records")).isEqualTo(3);

      var stillCancelled = json(send("GET", JOBS + "/" + cancelled, admin, null));
      assertThat(stillCancelled.getString("state")).isEqualTo("cancelled");
      assertThat(stillCancelled.getInt("attempts")).isEqualTo(1);
      var audit = send("GET", "/api/v1/admin/audit?targetType=job", operator, null).body();
      assertThat(audit).contains("job.retry", "job.cancel", failing, cancelled);
    } finally {
      send("DELETE", COLLECTIONS + "/locked", admin, null);
    }
  }

  private HttpResponse<String> upload(String collection, String token, String type, String body) {
    var request =
        new ApiClient(base)
            .request(COLLECTIONS + "/" + collection + "/imports")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", type)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    return new ApiClient(base).send(request);
  }

  private int jobsOfType(String type) {
    return json(send("GET", JOBS + "?type=" + type, operator, null)).getInt("total");
  }

  /**
   * An NDJSON upload becomes records line by line; lines the collection refuses are reported with
   * their numbers and errors, and the others are made. Uploads that are empty, too large, of
   * another type or from anyone but an administrator leave no job behind.
   */
  void imports(int uploadLimit) {
    var created =
        send(
            "POST",
            COLLECTIONS,
            admin,
            """
            {"name":"crate","fields":[
              {"name":"title","type":"text","required":true,"maxLength":20},
              {"name":"n","type":"integer"},
              {"name":"slug","type":"text","unique":true}],
             "rules":{"read":["owner"],"list":["owner"],"create":["authenticated"]}}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    try {
      var ndjson = "application/x-ndjson";
      var before = jobsOfType("collection-import");
      assertThat(upload("crate", operator, ndjson, "{\"title\":\"x\"}\n").statusCode())
          .isEqualTo(403);
      assertThat(upload("crate", alice, ndjson, "{\"title\":\"x\"}\n").statusCode()).isEqualTo(403);
      var path = COLLECTIONS + "/crate/imports";
      assertProblem(upload("crate", admin, "application/json", "{\"title\":\"x\"}"), 415, path);
      assertProblem(upload("crate", admin, ndjson, ""), 400, path);
      assertProblem(upload("crate", admin, ndjson, "{}\n".repeat(uploadLimit / 3 + 1)), 413, path);
      assertThat(upload("absent", admin, ndjson, "{}\n").statusCode()).isEqualTo(404);
      assertThat(jobsOfType("collection-import")).isEqualTo(before);

      var lines =
          String.join(
              "\n",
              "{\"title\":\"one\",\"n\":1}",
              "not json",
              "{\"n\":3}",
              "",
              "{\"title\":\"five\",\"slug\":\"a\"}",
              "{\"title\":\"six\",\"slug\":\"a\"}",
              "{\"id\":\"x\",\"owner\":\"y\",\"version\":9,\"title\":\"seven\"}",
              "[1,2]");
      var started = upload("crate", admin, ndjson, lines);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      var job = finished(json(started).getString("id"));
      assertThat(job.getString("state")).as(job.toString()).isEqualTo("succeeded");
      assertThat(job.getJsonObject("result").getInt("lines")).isEqualTo(8);
      assertThat(job.getJsonObject("result").getInt("rejected")).isEqualTo(4);
      assertThat(job.getJsonObject("progress").getInt("done")).isEqualTo(8);
      assertThat(job.getJsonObject("progress").getInt("total")).isEqualTo(8);

      var report =
          send("GET", JOBS + "/" + job.getString("id") + "/files/rejected.ndjson", operator, null);
      assertThat(report.statusCode()).isEqualTo(200);
      var rejected = report.body().split("\n");
      assertThat(rejected).hasSize(4);
      assertThat(rejected[0]).startsWith("{\"line\":2,").contains("not one JSON object");
      assertThat(rejected[1]).startsWith("{\"line\":3,").contains("\"field\":\"title\"");
      assertThat(rejected[2]).startsWith("{\"line\":6,").contains("\"field\":\"slug\"");
      assertThat(rejected[3]).startsWith("{\"line\":8,");

      var records = json(send("GET", "/api/v1/collections/crate/records?sort=title", admin, null));
      var items = records.getJsonArray("items").getValuesAs(JsonObject.class);
      assertThat(items)
          .extracting(r -> r.getString("title"))
          .containsExactly("five", "one", "seven");
      var seven = items.get(2);
      assertThat(seven.getString("id")).isNotEqualTo("x");
      assertThat(seven.getInt("version")).isEqualTo(1);
      assertThat(seven.getString("owner")).isNotEqualTo("y").isNotBlank();
      assertThat(send("GET", "/api/v1/admin/audit?action=collection.import", operator, null).body())
          .contains(job.getString("id"));
    } finally {
      send("DELETE", COLLECTIONS + "/crate", admin, null);
    }
  }
}
