package dev.backplane.api.collections.boundary;

import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Records of a collection as its rules say, against a deployed API: the same scenario on H2 ({@link
 * CollectionsIT}) and on PostgreSQL ({@link CollectionsOnPostgresIT}).
 */
final class RecordScenario {

  static final String COLLECTIONS = "/api/v1/admin/collections";

  private final URL base;
  private final TestIssuer issuer;
  private final String admin;
  private final String operator;

  RecordScenario(URL base, TestIssuer issuer) {
    this.base = base;
    this.issuer = issuer;
    this.admin = issuer.token("admin", "platform-admin");
    this.operator = issuer.token("operator", "platform-operator");
  }

  HttpResponse<String> send(String method, String path, String token, String json) {
    return send(method, path, token, json, Map.of());
  }

  HttpResponse<String> send(
      String method, String path, String token, String json, Map<String, String> headers) {
    var request =
        new ApiClient(base)
            .request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    headers.forEach(request::setHeader);
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return new ApiClient(base).send(request);
  }

  private static final String NOTES =
      """
      {"name":"notes","fields":[
        {"name":"title","type":"text","required":true,"maxLength":20},
        {"name":"stars","type":"integer","min":0,"max":5,"default":0},
        {"name":"done","type":"boolean"},
        {"name":"due","type":"datetime"},
        {"name":"slug","type":"text","unique":true},
        {"name":"meta","type":"json"}],
       "rules":{"read":["owner","role:platform-operator"],"create":["authenticated"],
                "update":["owner"],"delete":["owner"]}}""";

  /** Creates the collection notes, works with its records as three callers, and deletes it. */
  void run() {
    assertThat(send("POST", COLLECTIONS, admin, NOTES).statusCode()).isEqualTo(201);
    var records = "/api/v1/collections/notes/records";
    var alice = issuer.token("alice", "api-user");
    var bob = issuer.token("bob", "api-user");
    try {
      var created =
          send(
              "POST",
              records,
              alice,
              """
              {"title":"Buy milk","done":false,"due":"2026-12-01T09:00:00+01:00","slug":"milk",
               "meta":{"tags":["home"]}}""");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      var record = json(created);
      var id = record.getString("id");
      assertThat(created.headers().firstValue("Location"))
          .hasValueSatisfying(location -> assertThat(location).endsWith(records + "/" + id));
      assertThat(record.getInt("version")).isEqualTo(1);
      assertThat(record.getInt("stars")).isZero(); // its default
      assertThat(record.getString("due")).isEqualTo("2026-12-01T08:00:00Z");
      assertThat(record.getJsonObject("meta").getJsonArray("tags").getString(0)).isEqualTo("home");

      // read: the owner and operators; another caller finds nothing there, anonymous must sign in
      assertThat(json(send("GET", records + "/" + id, alice, null)).getString("title"))
          .isEqualTo("Buy milk");
      assertThat(send("GET", records + "/" + id, operator, null).statusCode()).isEqualTo(200);
      assertThat(send("GET", records + "/" + id, bob, null).statusCode()).isEqualTo(404);
      var anonymous =
          new ApiClient(base).send(new ApiClient(base).request(records + "/" + id).GET());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();

      // a unique value taken: 409 naming the field; bad values: 400 naming each field
      var taken = send("POST", records, bob, "{\"title\":\"Other\",\"slug\":\"milk\"}");
      assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
      assertThat(json(taken).getJsonArray("errors").getJsonObject(0).getString("field"))
          .isEqualTo("slug");
      var bad =
          send(
              "POST",
              records,
              bob,
              "{\"title\":\"a title far longer than twenty\",\"stars\":9,\"done\":\"yes\","
                  + "\"due\":\"tomorrow\",\"colour\":\"red\",\"id\":\"mine\"}");
      assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
      assertThat(
              json(bad).getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                  .map(error -> error.getString("field"))
                  .toList())
          .containsExactlyInAnyOrder("title", "stars", "done", "due", "colour", "id");
      var missing = send("POST", records, bob, "{\"stars\":1}");
      assertThat(json(missing).getJsonArray("errors").getJsonObject(0).getString("message"))
          .isEqualTo("is required");

      changes(records, id, alice, bob);
      schema(alice);
      retries(records, alice, bob);

      // delete: the owner only (bob finds nothing to delete), at the version read
      assertThat(
              send("DELETE", records + "/" + id, alice, null, Map.of("If-Match", "\"1\""))
                  .statusCode())
          .isEqualTo(412);
      assertThat(send("DELETE", records + "/" + id, bob, null).statusCode()).isEqualTo(404);
      assertThat(send("DELETE", records + "/" + id, alice, null).statusCode()).isEqualTo(204);
      assertThat(send("GET", records + "/" + id, alice, null).statusCode()).isEqualTo(404);
      assertThat(send("GET", "/api/v1/collections/nowhere/records/" + id, alice, null).statusCode())
          .isEqualTo(404);
    } finally {
      send("DELETE", COLLECTIONS + "/notes", admin, null);
    }
  }

  /**
   * Changes alice's record by replacement and merge patch, each at the version read: a stale
   * If-Match is a 412 that changes nothing; If-None-Match with the current version is a 304.
   */
  private void changes(String records, String id, String alice, String bob) {
    var path = records + "/" + id;
    var read = send("GET", path, alice, null);
    assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(read.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(value -> assertThat(value).contains("private"));
    assertThat(send("GET", path, alice, null, Map.of("If-None-Match", "\"1\"")).statusCode())
        .isEqualTo(304);

    var patched =
        send(
            "PATCH",
            path,
            alice,
            "{\"stars\":3,\"meta\":null}",
            Map.of("If-Match", "\"1\"", "Content-Type", "application/merge-patch+json"));
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(patched.headers().firstValue("ETag")).hasValue("\"2\"");
    var record = json(patched);
    assertThat(record.getInt("version")).isEqualTo(2);
    assertThat(record.getInt("stars")).isEqualTo(3);
    assertThat(record.getString("title")).isEqualTo("Buy milk");
    assertThat(record.isNull("meta")).isTrue();
    assertThat(record.getString("updatedAt")).isNotEqualTo(record.getString("createdAt"));
    assertThat(json(send("GET", path, alice, null))).isEqualTo(record);

    // a change on the version before answers 412 and changes nothing
    var stale = send("PATCH", path, alice, "{\"stars\":5}", Map.of("If-Match", "\"1\""));
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
    assertThat(json(send("GET", path, alice, null)).getInt("stars")).isEqualTo(3);
    assertThat(
            send("PATCH", path, alice, "{\"stars\":5}", Map.of("If-Match", "W/\"2\"")).statusCode())
        .isEqualTo(412);

    // another caller finds nothing to change; bad values are 400s naming each field
    assertThat(send("PATCH", path, bob, "{\"stars\":1}").statusCode()).isEqualTo(404);
    assertThat(send("PATCH", path, operator, "{\"stars\":1}").statusCode()).isEqualTo(404);
    var bad = send("PATCH", path, alice, "{\"title\":null,\"version\":7,\"stars\":-1}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(
            json(bad).getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(error -> error.getString("field"))
                .toList())
        .containsExactlyInAnyOrder("title", "version", "stars");
    assertThat(send("PATCH", path, alice, "[1]").statusCode()).isEqualTo(400);

    // a replacement holds the fields whole: those left out take their default
    var replaced = send("PUT", path, alice, "{\"title\":\"Buy oat milk\",\"slug\":\"milk\"}");
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(json(replaced).getInt("stars")).isZero();
    assertThat(json(replaced).isNull("due")).isTrue();
    assertThat(json(replaced).getInt("version")).isEqualTo(3);

    // a unique value another record holds: 409 naming it, and the record stays
    var bread = send("POST", records, bob, "{\"title\":\"Bread\",\"slug\":\"bread\"}");
    assertThat(bread.statusCode()).isEqualTo(201);
    var taken = send("PATCH", path, alice, "{\"slug\":\"bread\"}");
    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
    assertThat(json(taken).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("slug");
    assertThat(json(send("GET", path, alice, null)).getString("slug")).isEqualTo("milk");
  }

  /**
   * The records' JSON Schema: their fields as the definition says, for callers who may use them.
   */
  private void schema(String alice) {
    var path = "/api/v1/collections/notes/schema";
    var answer = send("GET", path, alice, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/schema+json"));
    var schema = json(answer);
    assertThat(schema.getString("$schema"))
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.getBoolean("additionalProperties")).isFalse();
    // required: the fields a new record must name (stars has a default)
    assertThat(schema.getJsonArray("required").getValuesAs(jakarta.json.JsonString.class))
        .extracting(jakarta.json.JsonString::getString)
        .containsExactly("title");
    var properties = schema.getJsonObject("properties");
    assertThat(properties.getJsonObject("id").getBoolean("readOnly")).isTrue();
    assertThat(properties.getJsonObject("title").getString("type")).isEqualTo("string");
    assertThat(properties.getJsonObject("title").getInt("maxLength")).isEqualTo(20);
    var stars = properties.getJsonObject("stars");
    assertThat(stars.getJsonArray("type").toString()).isEqualTo("[\"integer\",\"null\"]");
    assertThat(stars.getInt("minimum")).isZero();
    assertThat(stars.getInt("maximum")).isEqualTo(5);
    assertThat(stars.getInt("default")).isZero();
    assertThat(properties.getJsonObject("due").getString("format")).isEqualTo("date-time");
    assertThat(properties.keySet())
        .containsExactly(
            "id",
            "owner",
            "createdAt",
            "updatedAt",
            "version",
            "title",
            "stars",
            "done",
            "due",
            "slug",
            "meta");
    var anonymous = new ApiClient(base).send(new ApiClient(base).request(path).GET());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  /**
   * Creates retried with an Idempotency-Key make one record and answer the same, also when the
   * retries race each other; the key is its caller's, and means one request only.
   */
  private void retries(String records, String alice, String bob) {
    var body = "{\"title\":\"Once\"}";
    var key = Map.of("Idempotency-Key", "\"" + UUID.randomUUID() + "\"");
    var first = send("POST", records, alice, body, key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    var again = send("POST", records, alice, "{ \"title\" : \"Once\" }", key);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(json(again)).isEqualTo(json(first));
    var other = send("POST", records, alice, "{\"title\":\"Twice\"}", key);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
    // bob's key is his own
    var bobs = send("POST", records, bob, body, key);
    assertThat(bobs.statusCode()).isEqualTo(201);
    assertThat(json(bobs).getString("id")).isNotEqualTo(json(first).getString("id"));
    assertThat(
            send("POST", records, alice, body, Map.of("Idempotency-Key", "two words")).statusCode())
        .isEqualTo(400);

    // eight retries at once: one record, and every answer that made it names that one
    var raced = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    var answers =
        IntStream.range(0, 8)
            .parallel()
            .mapToObj(i -> send("POST", records, alice, "{\"title\":\"Raced\"}", raced))
            .toList();
    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isIn(201, 409, 503));
    var made =
        answers.stream()
            .filter(a -> a.statusCode() == 201)
            .map(a -> json(a).getString("id"))
            .distinct()
            .toList();
    assertThat(made).hasSize(1);
    var list =
        json(send("GET", records + query("filter", "title==Raced", "total", "true"), admin, null));
    assertThat(list.getInt("total")).isEqualTo(1);
    assertThat(list.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(made.get(0));
  }

  /**
   * A reference leads to a record of its collection: one to no record is a 400 naming the field,
   * and a change that keeps a reference whose record went since is still made.
   */
  void references() {
    var rules =
        "\"rules\":{\"list\":[\"authenticated\"],\"read\":[\"authenticated\"],\"create\":[\"authenticated\"],"
            + "\"update\":[\"authenticated\"],\"delete\":[\"authenticated\"]}";
    assertThat(
            send(
                    "POST",
                    COLLECTIONS,
                    admin,
                    "{\"name\":\"authors\",\"fields\":[{\"name\":\"name\",\"type\":\"text\"}],"
                        + rules
                        + "}")
                .statusCode())
        .isEqualTo(201);
    var postsDefinition =
        "{\"name\":\"posts\",\"fields\":[{\"name\":\"title\",\"type\":\"text\"},"
            + "{\"name\":\"author\",\"type\":\"reference\",\"collection\":\"authors\"},"
            + "{\"name\":\"reply\",\"type\":\"reference\",\"collection\":\"posts\"}],"
            + rules
            + "}";
    var posts = send("POST", COLLECTIONS, admin, postsDefinition);
    assertThat(posts.statusCode()).as(posts.body()).isEqualTo(201);
    var alice = issuer.token("alice", "api-user");
    try {
      var author =
          json(send("POST", "/api/v1/collections/authors/records", alice, "{\"name\":\"Ann\"}"))
              .getString("id");
      var records = "/api/v1/collections/posts/records";
      var nobody = UUID.randomUUID().toString();
      var dangling =
          send("POST", records, alice, "{\"title\":\"a\",\"author\":\"" + nobody + "\"}");
      assertThat(dangling.statusCode()).as(dangling.body()).isEqualTo(400);
      assertThat(json(dangling).getJsonArray("errors").getJsonObject(0).getString("field"))
          .isEqualTo("author");
      assertThat(json(send("GET", records + "?total=true", alice, null)).getInt("total")).isZero();

      var post = send("POST", records, alice, "{\"title\":\"a\",\"author\":\"" + author + "\"}");
      assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
      var id = json(post).getString("id");
      var reply =
          send(
              "POST",
              records,
              alice,
              "{\"title\":\"re\",\"author\":\"" + author + "\",\"reply\":\"" + id + "\"}");
      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
      var badReply = send("PATCH", records + "/" + id, alice, "{\"reply\":\"" + nobody + "\"}");
      assertThat(badReply.statusCode()).as(badReply.body()).isEqualTo(400);
      assertThat(json(badReply).getJsonArray("errors").getJsonObject(0).getString("field"))
          .isEqualTo("reply");

      // the author goes; a change of the title keeps the reference as it was
      assertThat(
              send("DELETE", "/api/v1/collections/authors/records/" + author, alice, null)
                  .statusCode())
          .isEqualTo(204);
      var retitled = send("PATCH", records + "/" + id, alice, "{\"title\":\"b\"}");
      assertThat(retitled.statusCode()).as(retitled.body()).isEqualTo(200);
      assertThat(json(retitled).getString("author")).isEqualTo(author);
      var again = send("POST", records, alice, "{\"title\":\"c\",\"author\":\"" + author + "\"}");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(400);

      // made again under its name, the collection holds none of the records it held: none that
      // a cache kept comes back
      assertThat(send("GET", records + "/" + id, alice, null).statusCode()).isEqualTo(200);
      assertThat(send("DELETE", COLLECTIONS + "/posts", admin, null).statusCode()).isEqualTo(204);
      assertThat(send("POST", COLLECTIONS, admin, postsDefinition).statusCode()).isEqualTo(201);
      assertThat(send("GET", records + "/" + id, alice, null).statusCode()).isEqualTo(404);
    } finally {
      send("DELETE", COLLECTIONS + "/posts", admin, null);
      send("DELETE", COLLECTIONS + "/authors", admin, null);
    }
  }

  private static String books(String fields, String indexes) {
    return "{\"name\":\"books\",\"fields\":["
        + fields
        + "],\"indexes\":["
        + indexes
        + "],\"rules\":{\"read\":[\"authenticated\"],\"create\":[\"authenticated\"]}}";
  }

  private static final String TITLE =
      "{\"name\":\"title\",\"type\":\"text\",\"required\":true,\"maxLength\":50}";
  private static final String PAGES = "{\"name\":\"pages\",\"type\":\"integer\"}";
  private static final String GENRE =
      "{\"name\":\"genre\",\"type\":\"enum\",\"values\":[\"novel\",\"essay\"]}";
  private static final String ISBN = "{\"name\":\"isbn\",\"type\":\"text\"}";

  /**
   * Changes the definition of a collection that holds records: what the records allow is done to
   * the table at once; what they do not is a 409 naming the field, and changes nothing.
   */
  void schemaChanges() {
    var base = String.join(",", TITLE, PAGES, GENRE, ISBN);
    assertThat(send("POST", COLLECTIONS, admin, books(base, "")).statusCode()).isEqualTo(201);
    var books = COLLECTIONS + "/books";
    var records = "/api/v1/collections/books/records";
    var alice = issuer.token("alice", "api-user");
    try {
      var dune =
          json(
              send(
                  "POST",
                  records,
                  alice,
                  "{\"title\":\"Dune\",\"pages\":412,\"genre\":\"novel\",\"isbn\":\"1\"}"));
      send("POST", records, alice, "{\"title\":\"Emma\",\"genre\":\"novel\",\"isbn\":\"2\"}");

      // a new required field with a default: the records take it
      var rating = "{\"name\":\"rating\",\"type\":\"integer\",\"required\":true,\"default\":3}";
      var added = send("PUT", books, admin, books(base + "," + rating, ""));
      assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
      assertThat(json(added).getInt("version")).isEqualTo(2);
      // a definition reads as it was written: no property of Java's own
      assertThat(added.body()).doesNotContain("isRequired", "isUnique");
      assertThat(
              json(send("GET", records + "/" + dune.getString("id"), alice, null)).getInt("rating"))
          .isEqualTo(3);
      var withRating = base + "," + rating;

      // what the records do not allow: 409 naming the field, and the definition stays
      refusedChange(
          books(withRating + ",{\"name\":\"summary\",\"type\":\"text\",\"required\":true}", ""),
          "fields[5]");
      refusedChange(
          books(
              withRating.replace(
                  PAGES, "{\"name\":\"pages\",\"type\":\"integer\",\"required\":true}"),
              ""),
          "fields[1].required");
      refusedChange(
          books(withRating.replace("\"maxLength\":50", "\"maxLength\":3"), ""),
          "fields[0].maxLength");
      refusedChange(
          books(withRating.replace("[\"novel\",\"essay\"]", "[\"essay\"]"), ""),
          "fields[2].values");
      refusedChange(books(withRating, "{\"fields\":[\"genre\"],\"unique\":true}"), "indexes[0]");
      refusedChange(
          books(withRating.replace(PAGES, "{\"name\":\"pages\",\"type\":\"text\"}"), ""),
          "fields[1].type");
      assertThat(json(send("GET", books, admin, null)).getInt("version")).isEqualTo(2);

      // a unique field over distinct values; then a duplicate is refused
      var unique =
          withRating.replace(ISBN, "{\"name\":\"isbn\",\"type\":\"text\",\"unique\":true}");
      assertThat(send("PUT", books, admin, books(unique, "")).statusCode()).isEqualTo(200);
      var twin = send("POST", records, alice, "{\"title\":\"Twin\",\"isbn\":\"1\"}");
      assertThat(twin.statusCode()).as(twin.body()).isEqualTo(409);

      // a field dropped and another lengthened, at the version read
      var fewer = unique.replace(PAGES + ",", "").replace("\"maxLength\":50", "\"maxLength\":200");
      assertThat(
              send("PUT", books, admin, books(fewer, ""), Map.of("If-Match", "\"2\"")).statusCode())
          .isEqualTo(412);
      var dropped = send("PUT", books, admin, books(fewer, ""), Map.of("If-Match", "\"3\""));
      assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
      var read = json(send("GET", records + "/" + dune.getString("id"), alice, null));
      assertThat(read.containsKey("pages")).isFalse();
      assertThat(read.getString("title")).isEqualTo("Dune");
      assertThat(
              send("POST", records, alice, "{\"title\":\"" + "x".repeat(150) + "\",\"pages\":1}")
                  .statusCode())
          .isEqualTo(400);
      var longer = send("POST", records, alice, "{\"title\":\"" + "x".repeat(150) + "\"}");
      assertThat(longer.statusCode()).as(longer.body()).isEqualTo(201);

      // only administrators change it, and it keeps its name
      assertThat(send("PUT", books, operator, books(fewer, "")).statusCode()).isEqualTo(403);
      assertThat(
              send("PUT", books, admin, books(fewer, "").replace("\"books\"", "\"novels\""))
                  .statusCode())
          .isEqualTo(400);
    } finally {
      send("DELETE", COLLECTIONS + "/books", admin, null);
    }
  }

  private void refusedChange(String definition, String field) {
    var answer = send("PUT", COLLECTIONS + "/books", admin, definition);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
    assertThat(json(answer).getJsonArray("errors").getJsonObject(0).getString("field"))
        .as(answer.body())
        .isEqualTo(field);
  }

  private static final String TASKS =
      """
      {"name":"tasks","fields":[
        {"name":"title","type":"text","required":true},
        {"name":"priority","type":"integer","required":true},
        {"name":"status","type":"enum","values":["open","done"],"default":"open"},
        {"name":"due","type":"datetime"},
        {"name":"meta","type":"json"}],
       "indexes":[{"fields":["status","priority"]}],
       "rules":{"list":["owner","role:platform-operator"],"read":["owner","role:platform-operator"],
                "create":["authenticated"]}}""";

  /**
   * Lists the records of the collection tasks as its list rule says: filtered, sorted and paged by
   * cursor the same on H2 and PostgreSQL, never another owner's, every mistake a 400 naming it.
   */
  void lists() {
    assertThat(send("POST", COLLECTIONS, admin, TASKS).statusCode()).isEqualTo(201);
    var records = "/api/v1/collections/tasks/records";
    var alice = issuer.token("alice", "api-user");
    var bob = issuer.token("bob", "api-user");
    try {
      // alice's seven tasks: priority i, done when i is even, a due date on odd ones
      var expected = new ArrayList<JsonObject>();
      for (int i = 1; i <= 7; i++) {
        var due = i % 2 == 1 ? ",\"due\":\"2026-12-0" + i + "T10:00:00Z\"" : "";
        var body =
            "{\"title\":\"Task "
                + (char) ('h' - i)
                + "\",\"priority\":"
                + (i % 4)
                + ",\"status\":\""
                + (i % 2 == 0 ? "done" : "open")
                + "\""
                + due
                + "}";
        var created = send("POST", records, alice, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        expected.add(json(created));
      }
      for (int i = 0; i < 2; i++) {
        send("POST", records, bob, "{\"title\":\"Bob's " + i + "\",\"priority\":3}");
      }

      // open ones of priority above 0, highest first then by title, two to a page
      var open =
          expected.stream()
              .filter(t -> t.getString("status").equals("open") && t.getInt("priority") > 0)
              .sorted(
                  Comparator.comparing((JsonObject t) -> -t.getInt("priority"))
                      .thenComparing(t -> t.getString("title")))
              .map(t -> t.getString("id"))
              .toList();
      assertThat(open).hasSizeGreaterThan(2);
      assertThat(
              ids(
                  pages(
                      records,
                      alice,
                      "filter",
                      "status==open;priority=gt=0",
                      "sort",
                      "-priority,title",
                      "limit",
                      "2")))
          .isEqualTo(open);

      // records without a due date come last, ascending or not; every record once
      var byDue = pages(records, alice, "sort", "due", "limit", "2", "fields", "title,due");
      assertThat(ids(byDue)).hasSize(7).doesNotHaveDuplicates();
      assertThat(byDue.get(0).getString("due")).isEqualTo("2026-12-01T10:00:00Z");
      assertThat(byDue.get(6).isNull("due")).isTrue();
      assertThat(byDue.get(0).keySet()).containsExactlyInAnyOrder("id", "title", "due");
      var byDueDescending = pages(records, alice, "sort", "-due", "limit", "3");
      assertThat(byDueDescending.get(0).isNull("due")).isTrue();
      assertThat(byDueDescending.get(6).getString("due")).isEqualTo("2026-12-01T10:00:00Z");

      // the list rule is in the query: alice sees hers whatever she asks; operators see all
      assertThat(pages(records, alice)).hasSize(7);
      assertThat(pages(records, alice, "filter", "title==Bob*")).isEmpty();
      assertThat(pages(records, bob)).hasSize(2);
      var all = json(send("GET", records + "?total=true&limit=1", operator, null));
      assertThat(all.getInt("total")).isEqualTo(9);
      assertThat(all.getJsonArray("items")).hasSize(1);
      assertThat(pages(records, operator, "filter", "title==Task*,priority=in=(3)")).hasSize(9);
      assertThat(pages(records, operator, "filter", "due=null=true")).hasSize(5);
      // a list shows records whole: one wider than the read rule holds what the caller may read
      var wider =
          TASKS.replace(
              "\"list\":[\"owner\",\"role:platform-operator\"],\"read\":[\"owner\",\"role:platform-operator\"]",
              "\"list\":[\"authenticated\"],\"read\":[\"owner\"]");
      assertThat(wider).isNotEqualTo(TASKS);
      assertThat(send("PUT", COLLECTIONS + "/tasks", admin, wider).statusCode()).isEqualTo(200);
      assertThat(pages(records, alice)).hasSize(7);
      assertThat(pages(records, bob)).hasSize(2);
      assertThat(send("PUT", COLLECTIONS + "/tasks", admin, TASKS).statusCode()).isEqualTo(200);
      var firstPage = send("GET", records + "?limit=4", operator, null);
      assertThat(firstPage.headers().firstValue("Link"))
          .hasValueSatisfying(link -> assertThat(link).contains("rel=\"next\"", "after="));

      // anonymous callers sign in; each mistake is a 400 naming its parameter and what is wrong
      var anonymous = new ApiClient(base).send(new ApiClient(base).request(records).GET());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      refused(records + query("filter", "colour==red"), alice, "filter", "colour");
      refused(records + query("filter", "status==maybe"), alice, "filter", "open, done");
      refused(records + query("filter", "priority=gt=high"), alice, "filter", "whole numbers");
      refused(records + query("filter", "meta==x"), alice, "filter", "JSON");
      refused(records + query("filter", "title=="), alice, "filter", "RSQL");
      refused(records + query("filter", "title==*a*a*b"), alice, "filter", "start or the end");
      assertThat(pages(records, alice, "filter", "title=='((((((((((x',title==*a")).hasSize(1);
      refused(
          records + query("filter", "(".repeat(40) + "title==a" + ")".repeat(40)),
          alice,
          "filter",
          "deeper");
      refused(records + query("sort", "colour"), alice, "sort", "colour");
      refused(records + query("fields", "title,colour"), alice, "fields", "colour");
      refused(records + query("limit", "501"), alice, "limit", "500");
      refused(records + query("after", "bm90LWEtY3Vyc29y"), alice, "after", "cursor");
      var cursor = json(send("GET", records + "?limit=1", alice, null)).getString("next");
      refused(records + query("sort", "title", "after", cursor), alice, "after", "sort");
    } finally {
      send("DELETE", COLLECTIONS + "/tasks", admin, null);
    }
  }

  /** Every record of a list, page by page through its cursors. */
  private List<JsonObject> pages(String records, String token, String... namesAndValues) {
    var items = new ArrayList<JsonObject>();
    String after = null;
    for (int page = 0; page < 20; page++) {
      var asked = new ArrayList<>(List.of(namesAndValues));
      if (after != null) {
        asked.addAll(List.of("after", after));
      }
      var path = records + query(asked.toArray(String[]::new));
      var answer = send("GET", path, token, null);
      assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
      var body = json(answer);
      items.addAll(body.getJsonArray("items").getValuesAs(JsonObject.class));
      if (!body.containsKey("next")) {
        return items;
      }
      after = body.getString("next");
    }
    throw new AssertionError("more than 20 pages of " + List.of(namesAndValues));
  }

  private static List<String> ids(List<JsonObject> records) {
    return records.stream().map(r -> r.getString("id")).toList();
  }

  /** A query string of names and values, each value encoded. */
  private static String query(String... namesAndValues) {
    var query = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      query
          .append(i == 0 ? "?" : "&")
          .append(namesAndValues[i])
          .append('=')
          .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return query.toString();
  }

  private void refused(String path, String token, String field, String mentions) {
    var answer = send("GET", path, token, null);
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(400);
    var errors = json(answer).getJsonArray("errors").getValuesAs(JsonObject.class);
    assertThat(errors)
        .as(answer.body())
        .anySatisfy(
            error -> {
              assertThat(error.getString("field")).isEqualTo(field);
              assertThat(error.getString("message")).contains(mentions);
            });
  }
}
