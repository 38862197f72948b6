package dev.backplane.api.webhooks.control;

import dev.backplane.api.events.control.EventLog;
import dev.backplane.api.jobs.control.JobRun;
import dev.backplane.api.jobs.control.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers one event to one endpoint ({@value #TYPE}): a POST of {@code {"type", "timestamp",
 * "data"}} signed as the Standard Webhooks specification says ({@code webhook-id}, the same for
 * every attempt at the message; {@code webhook-timestamp}; {@code webhook-signature}). Any answer
 * but a 2xx within the timeout fails the attempt, which the job queue retries with backoff; every
 * attempt is logged with its status and duration. An endpoint failing for longer than {@code
 * backplane.webhooks.disable-after-hours} is disabled. Outgoing calls are bounded: a connect and an
 * answer timeout, no redirects followed, the answer's body discarded.
 */
@ApplicationScoped
public class WebhookDeliveryJob implements JobType {

  public static final String TYPE = "webhook-delivery";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Inject WebhookStore store;
  @Inject WebhookTargets targets;
  @Inject EventLog log;

  @Inject
  @ConfigProperty(name = "backplane.webhooks.timeout-ms")
  long timeoutMillis;

  @Inject
  @ConfigProperty(name = "backplane.webhooks.disable-after-hours")
  long disableAfterHours;

  @Override
  public String name() {
    return TYPE;
  }

  @Override
  public int maxAttempts() {
    return 8;
  }

  @Override
  public JsonObject run(JobRun run) throws IOException, InterruptedException {
    var input = run.input();
    var webhookId = input.getString("webhook");
    var messageId = input.getString("message");
    var stream = input.getString("stream");
    long eventId = input.getJsonNumber("event").longValue();
    var webhook = store.find(webhookId).orElse(null);
    if (webhook == null || !webhook.enabled()) {
      return Json.createObjectBuilder()
          .add("skipped", "the webhook is deleted or disabled")
          .build();
    }
    var stored = log.find(stream, eventId).orElse(null);
    if (stored == null) {
      return Json.createObjectBuilder().add("skipped", "the event is past its retention").build();
    }
    var event = stored.event();
    var payload =
        Json.createObjectBuilder()
            .add("type", event.type())
            .add("timestamp", event.occurredAt().toString())
            .add(
                "data",
                Json.createObjectBuilder()
                    .add("stream", event.stream())
                    .add("id", event.id())
                    .add("subject", event.subject() == null ? "" : event.subject())
                    .add(
                        "data",
                        event.data() == null ? Json.createObjectBuilder().build() : event.data()))
            .build()
            .toString();
    var started = Instant.now();
    long timestamp = started.getEpochSecond();
    Integer status = null;
    String error = null;
    var refusal = targets.refusal(webhook.url());
    if (refusal.isPresent()) {
      error = "the URL " + refusal.get();
    } else {
      var request =
          HttpRequest.newBuilder(URI.create(webhook.url()))
              .timeout(Duration.ofMillis(timeoutMillis))
              .header("Content-Type", "application/json")
              .header("User-Agent", "Backplane-Webhooks")
              .header("webhook-id", messageId)
              .header("webhook-timestamp", Long.toString(timestamp))
              .header(
                  "webhook-signature",
                  StandardWebhooks.signature(webhook.secret(), messageId, timestamp, payload))
              .POST(HttpRequest.BodyPublishers.ofString(payload))
              .build();
      try {
        // the answer's body is discarded as it comes: an endpoint trickling one holds no memory
        var answer = http.send(request, HttpResponse.BodyHandlers.discarding());
        status = answer.statusCode();
        if (status / 100 != 2) {
          error = "answered " + status;
        }
      } catch (HttpTimeoutException e) {
        error = "no answer within " + timeoutMillis + " ms";
      } catch (IOException e) {
        error =
            "could not be reached: "
                + (e.getMessage() == null ? "connection failed" : e.getMessage());
      }
    }
    long millis = Duration.between(started, Instant.now()).toMillis();
    store.recordAttempt(
        webhookId,
        messageId,
        run.id(),
        stream,
        eventId,
        event.type(),
        started,
        status,
        millis,
        error == null ? "succeeded" : "failed",
        error);
    if (error == null) {
      store.succeeding(webhookId);
      return Json.createObjectBuilder()
          .add("webhook", webhook.name())
          .add("statusCode", status)
          .add("durationMillis", millis)
          .build();
    }
    var since = store.failing(webhookId);
    if (Duration.between(since, Instant.now()).toHours() >= disableAfterHours) {
      store.disable(
          webhookId,
          "its deliveries failed for "
              + disableAfterHours
              + " hours (the last: "
              + error
              + "); enable it again once it answers");
    }
    throw new IOException("webhook " + webhook.name() + " " + error);
  }
}
