package dev.backplane.api.collections.boundary;

import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.testing.EventStreamClient;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * Records' changes as Server-Sent Events on {@code /api/v1/events}: a subscriber sees the events of
 * the records its rules let it read, in order, once; one that reconnects with Last-Event-ID misses
 * nothing; bad subscriptions are refused with problems; one caller's open streams are bounded, and
 * a stream ends when its token expires.
 */
final class EventScenario {

  private static final String COLLECTIONS = RecordScenario.COLLECTIONS;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String base;
  private final RecordScenario calls;
  private final String admin;
  private final String alice;
  private final String bob;
  private final TestIssuer issuer;

  EventScenario(URL base, TestIssuer issuer) {
    var text = base.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.calls = new RecordScenario(base, issuer);
    this.admin = issuer.token("admin", "platform-admin");
    this.alice = issuer.token("alice", "api-user");
    this.bob = issuer.token("bob", "api-user");
    this.issuer = issuer;
  }

  private String events(String topics) {
    return base + "/api/v1/events?topics=" + topics;
  }

  private JsonObject create(String token, String title) {
    var made =
        calls.send(
            "POST", "/api/v1/collections/feed/records", token, "{\"title\":\"" + title + "\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    return json(made);
  }

  private static JsonObject data(EventStreamClient.Received event) {
    try (var reader = Json.createReader(new StringReader(event.data()))) {
      return reader.readObject();
    }
  }

  private static List<EventStreamClient.Received> take(EventStreamClient stream, int count) {
    var events = new ArrayList<EventStreamClient.Received>();
    for (int i = 0; i < count; i++) {
      var event = stream.next(WAIT);
      assertThat(event).as("event %d of %d, after %s", i + 1, count, events).isNotNull();
      events.add(event);
    }
    return events;
  }

  void run() {
    var created =
        calls.send(
            "POST",
            COLLECTIONS,
            admin,
            """
            {"name":"feed","fields":[{"name":"title","type":"text","required":true}],
             "rules":{"read":["owner"],"list":["owner"],"create":["authenticated"],
                      "update":["owner"],"delete":["owner"]}}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    try {
      refusals();
      limits();
      String resumeAt;
      try (var stream = EventStreamClient.open(events("collections.feed"), alice, null)) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        var first = create(alice, "one");
        create(bob, "bob's");
        var second = create(alice, "two");
        var patched =
            calls.send(
                "PATCH",
                "/api/v1/collections/feed/records/" + first.getString("id"),
                alice,
                "{\"title\":\"one, changed\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(
                calls
                    .send(
                        "DELETE",
                        "/api/v1/collections/feed/records/" + second.getString("id"),
                        alice,
                        null)
                    .statusCode())
            .isEqualTo(204);

        var seen = take(stream, 4);
        assertThat(seen)
            .extracting(EventStreamClient.Received::name)
            .containsExactly(
                "record.created", "record.created", "record.updated", "record.deleted");
        // bob's record is the feed's second event: alice's stream skips it, and goes on in order
        assertThat(seen)
            .extracting(EventStreamClient.Received::id)
            .containsExactly(
                "collections.feed=1",
                "collections.feed=3",
                "collections.feed=4",
                "collections.feed=5");
        assertThat(data(seen.get(0)).getInt("id")).isEqualTo(1);
        assertThat(data(seen.get(0)).getJsonObject("data").getString("title")).isEqualTo("one");
        assertThat(data(seen.get(2)).getJsonObject("data").getString("title"))
            .isEqualTo("one, changed");
        assertThat(data(seen.get(3)).getString("subject")).isEqualTo(second.getString("id"));
        assertThat(stream.next(Duration.ofSeconds(1))).as("nothing more").isNull();
        resumeAt = seen.get(3).id();
      }

      // made while alice was away: she resumes after what she saw, and misses none of it
      create(alice, "three");
      create(alice, "four");
      try (var again = EventStreamClient.open(events("collections.feed"), alice, resumeAt)) {
        assertThat(again.status()).isEqualTo(200);
        var missed = take(again, 2);
        assertThat(missed)
            .extracting(e -> data(e).getJsonObject("data").getString("title"))
            .containsExactly("three", "four");
        assertThat(missed.get(1).id()).isEqualTo("collections.feed=7");
        create(alice, "five");
        assertThat(data(take(again, 1).get(0)).getJsonObject("data").getString("title"))
            .isEqualTo("five");
      }
    } finally {
      calls.send("DELETE", COLLECTIONS + "/feed", admin, null);
    }
  }

  private void refusals() {
    try (var anonymous = EventStreamClient.open(events("collections.feed"), null, null)) {
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.body()).contains("\"status\":401");
    }
    try (var unknown = EventStreamClient.open(events("collections.absent"), alice, null)) {
      assertThat(unknown.status()).isEqualTo(404);
    }
    try (var none = EventStreamClient.open(events("nothing"), alice, null)) {
      assertThat(none.status()).isEqualTo(404);
    }
    try (var bad = EventStreamClient.open(events("Feed%3B"), alice, null)) {
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body()).contains("\"field\":\"topics\"");
    }
    try (var empty = EventStreamClient.open(base + "/api/v1/events", alice, null)) {
      assertThat(empty.status()).isEqualTo(400);
    }
    try (var resume =
        EventStreamClient.open(events("collections.feed"), alice, "collections.feed=x")) {
      assertThat(resume.status()).isEqualTo(400);
      assertThat(resume.body()).contains("Last-Event-ID");
    }
  }

  private void limits() {
    var carol = issuer.token("carol", "api-user");
    var open = new ArrayList<EventStreamClient>();
    try {
      for (int i = 0; i < CollectionsIT.STREAMS_PER_CALLER; i++) {
        open.add(EventStreamClient.open(events("collections.feed"), carol, null));
        assertThat(open.getLast().status()).isEqualTo(200);
      }
      try (var oneMore = EventStreamClient.open(events("collections.feed"), carol, null)) {
        assertThat(oneMore.status()).isEqualTo(429);
        assertThat(oneMore.body()).contains("event streams open on this instance");
      }
      // another caller is not held back by carol's streams
      try (var other = EventStreamClient.open(events("collections.feed"), bob, null)) {
        assertThat(other.status()).isEqualTo(200);
      }
    } finally {
      open.forEach(EventStreamClient::close);
    }

    var shortLived =
        issuer.sign(
            issuer
                .claims("dave", "api-user")
                .expirationTime(Date.from(Instant.now().plusSeconds(3)))
                .build());
    try (var stream = EventStreamClient.open(events("collections.feed"), shortLived, null)) {
      assertThat(stream.status()).isEqualTo(200);
      var last = stream.next(WAIT);
      assertThat(last).as("an event when the token expired").isNotNull();
      assertThat(last.name()).isEqualTo("expired");
      assertThat(data(last).getString("reason")).contains("token expired");
    }
  }

  /**
   * On PostgreSQL: ids are taken before their changes commit. A subscriber holds at an id taken and
   * not committed yet, and gets it then, in order; it goes on past one that never commits after the
   * hole wait ({@code backplane.events.hole-wait-ms} of the deployment).
   */
  void holes(String jdbcUrl, Duration holeWait) throws SQLException {
    var created =
        calls.send(
            "POST",
            COLLECTIONS,
            admin,
            """
            {"name":"holes","fields":[{"name":"title","type":"text","required":true}],
             "rules":{"read":["authenticated"],"list":["authenticated"],
                      "create":["authenticated"]}}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var stream = "collections.holes";
    try (var subscriber = EventStreamClient.open(events(stream), alice, null);
        var database = DriverManager.getConnection(jdbcUrl, "backplane", "unused")) {
      assertThat(subscriber.status()).isEqualTo(200);
      // the stream's sequence is made by its first event
      var first = holesRecord("first");
      assertThat(take(subscriber, 1).get(0).id()).isEqualTo(stream + "=1");

      // a change in flight: its id taken, its commit to come
      database.setAutoCommit(false);
      long inFlight = nextId(database, stream);
      assertThat(inFlight).isEqualTo(2);
      holesRecord("after it");
      assertThat(subscriber.next(Duration.ofSeconds(2)))
          .as("nothing before the change in flight commits")
          .isNull();
      try (var insert =
          database.prepareStatement(
              "insert into event (stream, id, type, subject, data, occurred_at) values (?, ?,"
                  + " 'record.updated', ?, ?, now())")) {
        insert.setString(1, stream);
        insert.setLong(2, inFlight);
        insert.setString(3, first.getString("id"));
        insert.setString(4, "{\"id\":\"" + first.getString("id") + "\",\"title\":\"late\"}");
        insert.executeUpdate();
      }
      database.commit();
      var both = take(subscriber, 2);
      assertThat(both)
          .extracting(EventStreamClient.Received::id)
          .containsExactly(stream + "=2", stream + "=3");
      assertThat(both)
          .extracting(EventStreamClient.Received::name)
          .containsExactly("record.updated", "record.created");

      // an id taken by a change that never commits (its instance died): passed after the wait
      database.setAutoCommit(true);
      assertThat(nextId(database, stream)).isEqualTo(4);
      var started = System.nanoTime();
      holesRecord("past the hole");
      var past = subscriber.next(holeWait.plus(WAIT));
      assertThat(past).as("the event after the hole").isNotNull();
      assertThat(past.id()).isEqualTo(stream + "=5");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("held at the hole first")
          .isGreaterThan(Duration.ofSeconds(2));

      // a subscriber resuming before the hole goes past it at once: the hole is old
      try (var again = EventStreamClient.open(events(stream), alice, stream + "=3")) {
        assertThat(take(again, 1).get(0).id()).isEqualTo(stream + "=5");
      }

      // changes to one stream in parallel: every one acknowledged is stored with its event
      var made = new ArrayList<java.util.concurrent.Future<JsonObject>>();
      try (var writers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 16; i++) {
          int n = i;
          made.add(writers.submit(() -> holesRecord("parallel " + n)));
        }
      }
      for (var one : made) {
        assertThat(one).succeedsWithin(WAIT);
      }
      try (var check =
          database.prepareStatement(
              "select count(*), count(r.id) from event e left join c_holes r on r.id = e.subject"
                  + " where e.stream = ? and e.type = 'record.created'")) {
        check.setString(1, stream);
        try (var rs = check.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).as("record.created events").isEqualTo(19);
          assertThat(rs.getLong(2)).as("of which their record is stored").isEqualTo(19);
        }
      }
    } finally {
      calls.send("DELETE", COLLECTIONS + "/holes", admin, null);
    }
  }

  private JsonObject holesRecord(String title) {
    var made =
        calls.send(
            "POST", "/api/v1/collections/holes/records", alice, "{\"title\":\"" + title + "\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    return json(made);
  }

  /** The stream's next id, as a change takes it (the sequence's name: as the platform makes it). */
  private static long nextId(Connection database, String stream) throws SQLException {
    String sequence;
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(stream.getBytes(StandardCharsets.UTF_8));
      sequence = "event_seq_" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (var next = database.prepareStatement("select nextval(?)")) {
      next.setString(1, sequence);
      try (var rs = next.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
