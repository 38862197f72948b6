package dev.backplane.api.webhooks.boundary;

import static dev.backplane.api.testing.Responses.assertProblem;
import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks against a receiver on loopback: registered by administrators only, refused for inner
 * addresses, delivered with Standard Webhooks signatures, retried with the same webhook-id until
 * the receiver answers 2xx, logged, and delivered again on request.
 */
@ExtendWith(ArquillianExtension.class)
class WebhooksIT {

  static final TestIssuer ISSUER = new TestIssuer();
  static final String WEBHOOKS = "/api/v1/admin/webhooks";

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config =
        ISSUER.mpConfig()
            + "backplane.db.datasource-class=org.h2.jdbcx.JdbcDataSource\n"
            + "backplane.db.url=jdbc:h2:mem:webhooks;DB_CLOSE_DELAY=-1\n"
            + "backplane.db.user=sa\n"
            + "backplane.db.password=\n"
            + "backplane.webhooks.allow=loopback\n"
            // retries after 0.5 s, then 1 s
            + "backplane.jobs.retry-base-ms=500\n"
            // the log's retention every 2 s, to see it run (it keeps 30 days)
            + "backplane.jobs.schedule.webhook-log-retention=*/2 * * * * *\n";
    var archive = Deployments.withPersistence(config);
    Deployments.withFeature(archive, "audit");
    Deployments.withFeature(archive, "collections");
    return Deployments.withFeature(archive, "webhooks");
  }

  @ArquillianResource URL base;

  private final String admin = ISSUER.token("admin", "platform-admin");
  private final String operator = ISSUER.token("operator", "platform-operator");
  private final String alice = ISSUER.token("alice", "api-user");

  private record Received(Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private HttpResponse<String> send(String method, String path, String token, String json) {
    var request = new ApiClient(base).request(path).header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return new ApiClient(base).send(request);
  }

  private static String spec(String name, String url, String topics) {
    return "{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"topics\":[" + topics + "]}";
  }

  @Test
  void aReceiverFailingTwiceGetsTheEventThreeTimesWithOneIdAndValidSignatures() throws Exception {
    var received = new CopyOnWriteArrayList<Received>();
    var calls = new AtomicInteger();
    var receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          int status = calls.incrementAndGet() <= 2 ? 500 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    var url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    String webhookId = null;
    try {
      // who may
      assertThat(send("GET", WEBHOOKS, alice, null).statusCode()).isEqualTo(403);
      assertThat(send("GET", WEBHOOKS, null, null).statusCode()).isEqualTo(401);
      assertThat(send("POST", WEBHOOKS, operator, spec("x", url, "\"users\"")).statusCode())
          .isEqualTo(403);
      // where to: inner addresses other than loopback are refused, naming the field
      var inner =
          send("POST", WEBHOOKS, admin, spec("inner", "http://169.254.169.254/x", "\"users\""));
      assertProblem(inner, 400, WEBHOOKS);
      assertThat(inner.body()).contains("\"field\":\"url\"").contains("private");
      assertProblem(
          send("POST", WEBHOOKS, admin, spec("ten", "http://10.0.0.1/x", "\"users\"")),
          400,
          WEBHOOKS);
      assertProblem(
          send("POST", WEBHOOKS, admin, spec("bad", "ftp://x", "\"users\"")), 400, WEBHOOKS);
      assertProblem(
          send("POST", WEBHOOKS, admin, spec("Bad Name", url, "\"users\"")), 400, WEBHOOKS);

      var created =
          send("POST", WEBHOOKS, admin, spec("parcels-hook", url, "\"collections.parcels\""));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      var webhook = json(created);
      webhookId = webhook.getString("id");
      var secret = webhook.getString("secret");
      assertThat(secret).startsWith("whsec_");
      var seenByOperator = json(send("GET", WEBHOOKS + "/" + webhookId, operator, null));
      assertThat(seenByOperator.containsKey("secret")).isFalse();
      // a URL's path may carry a token: operators see where it goes, not the whole of it
      assertThat(seenByOperator.getString("url"))
          .isEqualTo("http://127.0.0.1:" + receiver.getAddress().getPort() + "/…");
      assertThat(json(send("GET", WEBHOOKS + "/" + webhookId, admin, null)).getString("url"))
          .isEqualTo(url);
      assertThat(send("POST", WEBHOOKS, admin, spec("parcels-hook", url, "\"users\"")).statusCode())
          .isEqualTo(409);

      assertThat(
              send(
                      "POST",
                      "/api/v1/admin/collections",
                      admin,
                      "{\"name\":\"parcels\",\"fields\":[{\"name\":\"to\",\"type\":\"text\"}],"
                          + "\"rules\":{\"create\":[\"authenticated\"],\"read\":[\"owner\"]}}")
                  .statusCode())
          .isEqualTo(201);
      var record =
          json(send("POST", "/api/v1/collections/parcels/records", alice, "{\"to\":\"Oslo\"}"));

      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 3);
      var messageId = received.get(0).header("webhook-id");
      assertThat(messageId).startsWith("msg_");
      for (var delivery : received) {
        assertThat(delivery.header("webhook-id")).isEqualTo(messageId);
        var timestamp = delivery.header("webhook-timestamp");
        assertThat(delivery.header("webhook-signature"))
            .isEqualTo(sign(secret, messageId, timestamp, delivery.body()));
        var payload = object(delivery.body());
        assertThat(payload.getString("type")).isEqualTo("record.created");
        assertThat(payload.getJsonObject("data").getJsonObject("data").getString("id"))
            .isEqualTo(record.getString("id"));
      }
      var log =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      Json.createReader(
                              new StringReader(
                                  send(
                                          "GET",
                                          WEBHOOKS + "/" + webhook.getString("id") + "/deliveries",
                                          operator,
                                          null)
                                      .body()))
                          .readArray(),
                  array -> array.size() == 3);
      assertThat(log.getValuesAs(JsonObject.class))
          .extracting(d -> d.getInt("statusCode"))
          .containsExactly(200, 500, 500);
      assertThat(log.getJsonObject(0).getString("outcome")).isEqualTo("succeeded");
      assertThat(log.getJsonObject(1).getString("error")).isEqualTo("answered 500");

      // delivered again on request: the same message, a fourth time
      var redeliver =
          send(
              "POST",
              WEBHOOKS + "/" + webhookId + "/deliveries/" + messageId + "/redeliver",
              admin,
              null);
      assertThat(redeliver.statusCode()).as(redeliver.body()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 4);
      assertThat(received.get(3).header("webhook-id")).isEqualTo(messageId);
      assertThat(
              send(
                      "POST",
                      WEBHOOKS + "/" + webhookId + "/deliveries/" + messageId + "/redeliver",
                      operator,
                      null)
                  .statusCode())
          .isEqualTo(403);
      assertThat(send("GET", "/api/v1/admin/audit?targetType=webhook", operator, null).body())
          .contains("webhook.create", "webhook.redeliver", "parcels-hook")
          .doesNotContain(secret);
    } finally {
      receiver.stop(0);
      if (webhookId != null) {
        assertThat(send("DELETE", WEBHOOKS + "/" + webhookId, admin, null).statusCode())
            .isEqualTo(204);
      }
      send("DELETE", "/api/v1/admin/collections/parcels", admin, null);
    }
  }

  private static JsonObject object(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /** The signature as a receiver checks it, in a few lines: what the README shows. */
  static String sign(String secret, String id, String timestamp, String body) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    var signed = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(signed);
  }

  @Test
  void theDeliveryLogsRetentionRunsOnItsSchedule() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                send(
                        "GET",
                        "/api/v1/admin/jobs?type=webhook-log-retention&state=succeeded",
                        operator,
                        null)
                    .body()
                    .contains("\"deleted\":0"));
  }
}
