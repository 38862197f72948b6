package dev.backplane.api.collections.boundary;

import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
    var request =
        new ApiClient(base)
            .request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
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
                "delete":["owner"]}}""";

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

      // delete: the owner only (bob finds nothing to delete)
      assertThat(send("DELETE", records + "/" + id, bob, null).statusCode()).isEqualTo(404);
      assertThat(send("DELETE", records + "/" + id, alice, null).statusCode()).isEqualTo(204);
      assertThat(send("GET", records + "/" + id, alice, null).statusCode()).isEqualTo(404);
      assertThat(send("GET", "/api/v1/collections/nowhere/records/" + id, alice, null).statusCode())
          .isEqualTo(404);
    } finally {
      send("DELETE", COLLECTIONS + "/notes", admin, null);
    }
  }
}
