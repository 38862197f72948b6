package dev.backplane.api.webhooks.control;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.events.control.EventLog;
import dev.backplane.api.jobs.control.JobQueue;
import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.problem.entity.FieldViolation;
import dev.backplane.api.webhooks.entity.Webhook;
import dev.backplane.api.webhooks.entity.WebhookSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The endpoints administrators register (audited), and the deliveries events ask for: each event of
 * a topic an enabled endpoint follows becomes a delivery job in the transaction of the change that
 * made the event, so a change that commits is delivered, and one rolled back is not. The enabled
 * endpoints are read again at most every second on each instance: one registered or changed on
 * another instance applies to its events within that second.
 */
@ApplicationScoped
public class Webhooks {

  static final String TARGET = "webhook";
  private static final long REFRESH_NANOS = 1_000_000_000L;
  private static final java.util.regex.Pattern TOPIC =
      java.util.regex.Pattern.compile("[a-z][a-z0-9_.-]{0,99}");

  @Inject WebhookStore store;
  @Inject WebhookTargets targets;
  @Inject JobQueue queue;
  @Inject AuditTrail audit;
  @Inject DatabaseAvailability database;

  private volatile List<Webhook> enabled;
  private volatile long readAt;

  /** Every endpoint; secrets only for those who may change them. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Webhook> list(boolean withSecrets) {
    database.require();
    return store.list().stream().map(w -> shown(w, withSecrets)).toList();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Webhook get(String id, boolean withSecret) {
    database.require();
    return shown(find(id), withSecret);
  }

  @Transactional
  public Webhook create(Actor actor, WebhookSpec spec) {
    database.require();
    check(spec, null);
    var event = audit.begin(actor, "webhook.create", TARGET, null, null);
    var now = WebhookStore.now().toInstant();
    var webhook =
        new Webhook(
            UUID.randomUUID().toString(),
            spec.name(),
            spec.url(),
            topics(spec),
            spec.enabledOrDefault(),
            spec.secret() == null ? StandardWebhooks.newSecret() : spec.secret(),
            null,
            null,
            now,
            now);
    store.insert(webhook);
    event.completed(webhook.id(), shown(webhook, false));
    readAt = 0;
    return webhook;
  }

  @Transactional
  public Webhook update(Actor actor, String id, WebhookSpec spec) {
    database.require();
    var before = find(id);
    check(spec, id);
    var event = audit.begin(actor, "webhook.update", TARGET, id, shown(before, false));
    var changed =
        new Webhook(
            id,
            spec.name(),
            spec.url(),
            topics(spec),
            spec.enabledOrDefault(),
            spec.secret() == null ? before.secret() : spec.secret(),
            null,
            null,
            before.createdAt(),
            WebhookStore.now().toInstant());
    store.change(changed);
    var after = find(id);
    event.completed(id, shown(after, false));
    readAt = 0;
    return after;
  }

  @Transactional
  public void delete(Actor actor, String id) {
    database.require();
    var before = find(id);
    var event = audit.begin(actor, "webhook.delete", TARGET, id, shown(before, false));
    store.delete(id);
    event.completed(id, null);
    readAt = 0;
  }

  /** Delivers a message again (as a new job, with the same webhook-id), audited. */
  @Transactional
  public Job redeliver(Actor actor, String id, String messageId) {
    database.require();
    var webhook = find(id);
    var sent =
        store
            .sent(id, messageId)
            .orElseThrow(
                () ->
                    new ResourceNotFoundException(
                        "Webhook " + webhook.name() + " has no delivery " + messageId + "."));
    var event = audit.begin(actor, "webhook.redeliver", TARGET, id, null);
    var job = queue.find(enqueue(webhook.id(), sent.messageId(), sent.stream(), sent.eventId()));
    event.completed(id, job);
    return job;
  }

  /** Each event of a followed topic becomes a delivery to each enabled endpoint that follows it. */
  void deliver(@Observes EventLog.Appended appended) {
    var event = appended.event();
    for (var webhook : enabled()) {
      if (webhook.topics().contains(event.stream())) {
        enqueue(
            webhook.id(),
            "msg_" + UUID.randomUUID().toString().replace("-", ""),
            event.stream(),
            event.id());
      }
    }
  }

  private String enqueue(String webhookId, String messageId, String stream, long eventId) {
    return queue.enqueue(
        WebhookDeliveryJob.TYPE,
        Json.createObjectBuilder()
            .add("webhook", webhookId)
            .add("message", messageId)
            .add("stream", stream)
            .add("event", eventId)
            .build(),
        "events");
  }

  private List<Webhook> enabled() {
    var now = System.nanoTime();
    var current = enabled;
    if (current == null || now - readAt > REFRESH_NANOS) {
      current = store.enabled();
      enabled = current;
      readAt = now;
    }
    return current;
  }

  private Webhook find(String id) {
    return store
        .find(id)
        .orElseThrow(() -> new ResourceNotFoundException("There is no webhook " + id + "."));
  }

  private void check(WebhookSpec spec, String id) {
    var problems = new ArrayList<FieldViolation>();
    targets.refusal(spec.url()).ifPresent(why -> problems.add(new FieldViolation("url", why)));
    if (spec.topics().isEmpty() || spec.topics().size() > 20) {
      problems.add(new FieldViolation("topics", "must name 1 to 20 topics"));
    }
    for (int i = 0; i < spec.topics().size() && i < 20; i++) {
      var topic = spec.topics().get(i);
      if (topic == null || !TOPIC.matcher(topic.strip()).matches()) {
        problems.add(
            new FieldViolation(
                "topics[" + i + "]", "must be a topic's name, like collections.orders or users"));
      }
    }
    if (spec.secret() != null && !StandardWebhooks.valid(spec.secret())) {
      problems.add(new FieldViolation("secret", "must be whsec_ and base64 of 24 to 64 bytes"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    if (store.nameTaken(spec.name(), id)) {
      throw new ConflictException(
          "A webhook named " + spec.name() + " exists already.",
          "name",
          "is taken by another webhook");
    }
  }

  private static List<String> topics(WebhookSpec spec) {
    return spec.topics().stream().map(String::strip).distinct().toList();
  }

  /**
   * A webhook as a reader sees it: administrators whole; others without its secret, and its URL
   * without path or query (where services such as chat hooks carry a token), e.g. {@code
   * https://hooks.example.com/…}.
   */
  private static Webhook shown(Webhook webhook, boolean withSecret) {
    return withSecret
        ? webhook
        : new Webhook(
            webhook.id(),
            webhook.name(),
            origin(webhook.url()),
            webhook.topics(),
            webhook.enabled(),
            null,
            webhook.failingSince(),
            webhook.disabledReason(),
            webhook.createdAt(),
            webhook.updatedAt());
  }

  /** A URL's scheme, host and port, and "/…" when it had more. */
  static String origin(String url) {
    try {
      var uri = java.net.URI.create(url);
      var origin =
          uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      return origin + (url.length() > origin.length() + 1 ? "/…" : "/");
    } catch (IllegalArgumentException e) {
      return "(hidden)";
    }
  }
}
