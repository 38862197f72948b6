package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.JobsPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import dev.backplane.runtime.testing.console.LaptopScreen;
import dev.backplane.runtime.testing.console.WebhooksPage;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's Webhooks view in Chromium, against the real API and a receiver on loopback that
 * answers 500: an administrator registers a webhook (an inner address is refused under its field),
 * sees the failed deliveries in its log, delivers a message again, and cancels the delivery's
 * waiting retry from the Jobs view; an operator only looks.
 */
@ExtendWith(RunningBackplane.class)
class WebhooksConsoleSystemIT {

  @Test
  void anAdministratorRegistersAWebhookAndFollowsItsFailingDeliveries(TestPorts ports)
      throws Exception {
    var suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    var collection = "hooked_" + suffix;
    var name = "console-" + suffix;
    var api = ports.publicUrl();
    var admin = new Keycloak(ports).token("backplane", "admin", "admin");
    var received = new AtomicInteger();
    var receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received.incrementAndGet();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    receiver.start();
    var made =
        Http.send(
            "POST",
            api + "/api/v1/admin/collections",
            admin,
            "{\"name\":\""
                + collection
                + "\",\"fields\":[{\"name\":\"title\",\"type\":\"text\"}]}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    try (var browser = new ConsoleBrowser()) {
      browser.open(api + "/console/");
      new KeycloakLoginPage(browser).logIn("admin", "admin");
      new DashboardPage(browser);
      var webhooks = WebhooksPage.open(browser, api + "/console");
      webhooks.fillNew(name, "http://169.254.169.254/latest", "collections." + collection);
      assertThat(webhooks.saveRefused("webhook-url")).contains("private");
      webhooks.replaceUrl("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
      webhooks.save();
      webhooks.awaitRowWith(name);

      Http.send(
          "POST",
          api + "/api/v1/collections/" + collection + "/records",
          admin,
          "{\"title\":\"ping\"}");
      webhooks.select(name);
      webhooks.awaitDeliveryWith("500");
      LaptopScreen.screenshot(browser, "webhooks");
      assertThat(LaptopScreen.misfits(browser)).as("webhooks at 1366 x 768").isEmpty();
      int before = received.get();
      webhooks.redeliverFirst();
      await().atMost(Duration.ofSeconds(30)).until(() -> received.get() > before);

      // the event's delivery waits for its next attempt: cancelled from the Jobs view
      var queued =
          Keycloak.json(
                  Http.get(
                          api + "/api/v1/admin/jobs?type=webhook-delivery&state=queued&max=500",
                          admin)
                      .body())
              .getJsonArray("items")
              .getValuesAs(JsonObject.class)
              .stream()
              .filter(
                  job ->
                      job.getJsonObject("input")
                          .getString("stream")
                          .equals("collections." + collection))
              .findFirst()
              .orElseThrow();
      var jobs = JobsPage.open(browser, api + "/console");
      jobs.filterByType("webhook-delivery");
      jobs.cancel(queued.getString("id"));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  Http.get(api + "/api/v1/admin/jobs/" + queued.getString("id"), admin)
                      .body()
                      .contains("\"state\":\"cancelled\""));
    }

    try (var browser = new ConsoleBrowser()) {
      browser.open(api + "/console/");
      new KeycloakLoginPage(browser).logIn("operator", "operator");
      new DashboardPage(browser);
      var webhooks = WebhooksPage.open(browser, api + "/console");
      assertThat(webhooks.canCreate()).isFalse();
      webhooks.select(name);
      webhooks.awaitDeliveryWith("500");
      assertThat(webhooks.offersRedelivery()).isFalse();
    } finally {
      receiver.stop(0);
      var listed =
          Keycloak.json(
              "{\"items\":" + Http.get(api + "/api/v1/admin/webhooks", admin).body() + "}");
      for (var webhook : listed.getJsonArray("items").getValuesAs(JsonObject.class)) {
        if (webhook.getString("name").equals(name)) {
          Http.send(
              "DELETE", api + "/api/v1/admin/webhooks/" + webhook.getString("id"), admin, null);
        }
      }
      Http.send("DELETE", api + "/api/v1/admin/collections/" + collection, admin, null);
    }
  }
}
