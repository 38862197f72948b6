package dev.backplane.api.collections.boundary;

import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Collections defined through the admin API, with their tables, on H2. */
@ExtendWith(ArquillianExtension.class)
class CollectionsIT {

  static final TestIssuer ISSUER = new TestIssuer();
  static final String COLLECTIONS = "/api/v1/admin/collections";
  static final int UPLOAD_LIMIT = 100_000;
  static final int STREAMS_PER_CALLER = 3;

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config =
        ISSUER.mpConfig()
            + "backplane.db.datasource-class=org.h2.jdbcx.JdbcDataSource\n"
            + "backplane.db.url=jdbc:h2:mem:collections;DB_CLOSE_DELAY=-1\n"
            + "backplane.db.user=sa\n"
            + "backplane.db.password=\n"
            // a recurring job every 2 s, to see it run
            + "backplane.jobs.schedule.jobs-retention=*/2 * * * * *\n"
            + "backplane.jobs.schedule.idempotency-keys-purge=*/2 * * * * *\n"
            + "backplane.events.max-per-caller="
            + STREAMS_PER_CALLER
            + "\n"
            + "backplane.api.max-upload-bytes="
            + UPLOAD_LIMIT
            + "\n";
    var archive = Deployments.withPersistence(config);
    Deployments.withFeature(archive, "audit");
    return Deployments.withFeature(archive, "collections");
  }

  @ArquillianResource URL base;

  private final String admin = ISSUER.token("admin", "platform-admin");
  private final String operator = ISSUER.token("operator", "platform-operator");

  private HttpResponse<String> send(String method, String path, String token, String json) {
    return new RecordScenario(base, ISSUER).send(method, path, token, json);
  }

  private static final String ORDERS =
      """
      {"name":"orders","fields":[
        {"name":"title","type":"text","required":true,"maxLength":200},
        {"name":"status","type":"enum","values":["open","done"],"default":"open"},
        {"name":"priority","type":"integer","min":1,"max":5},
        {"name":"code","type":"text","unique":true,"maxLength":20},
        {"name":"details","type":"json"}],
       "indexes":[{"fields":["status","priority"]}],
       "rules":{"list":["authenticated"],"read":["owner","role:platform-operator"],
                "create":["authenticated"],"update":["owner"],"delete":["owner"]}}""";

  @Test
  void anAdministratorCreatesReadsAndDeletesACollection() {
    var created = send("POST", COLLECTIONS, admin, ORDERS);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith(COLLECTIONS + "/orders"));
    var collection = json(created);
    assertThat(collection.getInt("version")).isEqualTo(1);
    assertThat(collection.getJsonArray("fields")).hasSize(5);
    assertThat(collection.getJsonArray("fields").getJsonObject(1).getString("default"))
        .isEqualTo("open");
    assertThat(collection.getJsonObject("rules").getJsonArray("read").getString(0))
        .isEqualTo("owner");

    var listed = send("GET", COLLECTIONS, operator, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).contains("\"name\":\"orders\"");
    assertThat(send("GET", COLLECTIONS + "/orders", operator, null).statusCode()).isEqualTo(200);

    var again = send("POST", COLLECTIONS, admin, ORDERS);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(json(again).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("name");

    var audit = send("GET", "/api/v1/admin/audit?action=collection.create", operator, null);
    assertThat(json(audit).getJsonArray("items").getJsonObject(0).getString("targetName"))
        .isEqualTo("orders");
    // the actions a filter chooses from are the ones recorded
    assertThat(send("GET", "/api/v1/admin/audit/actions", operator, null).body())
        .contains("\"collection.create\"");

    assertThat(send("DELETE", COLLECTIONS + "/orders", admin, null).statusCode()).isEqualTo(204);
    assertThat(send("GET", COLLECTIONS + "/orders", operator, null).statusCode()).isEqualTo(404);
    // its table went with it: the same name makes a new collection
    var recreated = send("POST", COLLECTIONS, admin, ORDERS);
    assertThat(recreated.statusCode()).as(recreated.body()).isEqualTo(201);
    assertThat(send("DELETE", COLLECTIONS + "/orders", admin, null).statusCode()).isEqualTo(204);
  }

  @Test
  void callersWriteAndReadRecordsAsTheCollectionsRulesSay() {
    new RecordScenario(base, ISSUER).run();
  }

  @Test
  void aCollectionWithRecordsChangesAsFarAsItsRecordsAllow() {
    new RecordScenario(base, ISSUER).schemaChanges();
  }

  @Test
  void aReferenceLeadsToARecordOfItsCollection() {
    new RecordScenario(base, ISSUER).references();
  }

  @Test
  void callersListRecordsFilteredSortedAndPagedAsTheListRuleSays() {
    new RecordScenario(base, ISSUER).lists();
  }

  @Test
  void operatorsReadButDoNotWrite() {
    assertThat(
            send("POST", COLLECTIONS, operator, ORDERS.replace("orders", "op_orders")).statusCode())
        .isEqualTo(403);
    assertThat(send("GET", COLLECTIONS + "/op_orders", operator, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", COLLECTIONS, ISSUER.token("alice", "api-user"), null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aCollectionThatDoesNotHoldTogetherIsRefusedNamingEachValue() {
    var refused =
        send(
            "POST",
            COLLECTIONS,
            admin,
            """
            {"name":"bad","fields":[
              {"name":"id","type":"text"},
              {"name":"kind","type":"enum"},
              {"name":"size","type":"integer","min":5,"max":1,"default":"big"},
              {"name":"customer","type":"reference","collection":"nowhere"},
              {"name":"Bad Name","type":"colour"}],
             "indexes":[{"fields":["missing"]}],
             "rules":{"create":["owner"],"read":["everyone"]}}""");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    var fields =
        json(refused).getJsonArray("errors").getValuesAs(JsonObject.class).stream()
            .map(error -> error.getString("field"))
            .toList();
    // bean validation answers first: the names and types it can judge on their own
    assertThat(fields).contains("fields[4].name", "fields[4].type", "rules.read[0]");

    var sound =
        send(
            "POST",
            COLLECTIONS,
            admin,
            """
            {"name":"bad","fields":[
              {"name":"id","type":"text"},
              {"name":"kind","type":"enum"},
              {"name":"size","type":"integer","min":5,"max":1,"default":"big"},
              {"name":"customer","type":"reference","collection":"nowhere"}],
             "indexes":[{"fields":["missing"]}],
             "rules":{"create":["owner"]}}""");
    assertThat(sound.statusCode()).as(sound.body()).isEqualTo(400);
    var problems =
        json(sound).getJsonArray("errors").getValuesAs(JsonObject.class).stream()
            .map(error -> error.getString("field"))
            .toList();
    assertThat(problems)
        .containsAll(
            List.of(
                "fields[0].name",
                "fields[1].values",
                "fields[2].min",
                "fields[2].default",
                "fields[3].collection",
                "indexes[0].fields[0]",
                "rules.create[0]"));
    assertThat(send("GET", COLLECTIONS + "/bad", admin, null).statusCode()).isEqualTo(404);
  }

  @Test
  void anExportRunsAsAJobAndItsFileIsDownloaded() {
    new ImportExportScenario(base, ISSUER).exports();
  }

  @Test
  void anImportMakesRecordsLineByLineAndReportsTheLinesRefused() {
    new ImportExportScenario(base, ISSUER).imports(UPLOAD_LIMIT);
  }

  @Test
  void changesReachSubscribersInOrderOnceAndAsTheirRulesAllow() {
    new EventScenario(base, ISSUER).run();
  }

  @Test
  void aRecurringJobRunsOnItsSchedule() {
    var jobs = "/api/v1/admin/jobs?type=jobs-retention";
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                json(send("GET", jobs + "&state=succeeded", operator, null)).getInt("total") >= 2);
    // a purge in batches, on H2, succeeds too
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                json(send(
                            "GET",
                            "/api/v1/admin/jobs?type=idempotency-keys-purge&state=succeeded",
                            operator,
                            null))
                        .getInt("total")
                    >= 1);
    var runs = json(send("GET", jobs, operator, null)).getJsonArray("items");
    var times = new java.util.HashSet<String>();
    for (var run : runs.getValuesAs(jakarta.json.JsonObject.class)) {
      assertThat(times.add(run.getJsonObject("input").getString("scheduledFor"))).isTrue();
    }
  }
}
