package dev.backplane.api.webhooks.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * One attempt to deliver an event to an endpoint.
 *
 * @param messageId the {@code webhook-id} header: the same for every attempt at one event
 * @param statusCode the endpoint's answer, absent when there was none (a timeout, a refusal)
 * @param outcome {@code succeeded} (a 2xx answer) or {@code failed}
 * @param jobId the delivery's job, with its attempts and next attempt
 */
@JsonbPropertyOrder({
  "messageId",
  "stream",
  "eventId",
  "eventType",
  "attemptedAt",
  "statusCode",
  "durationMillis",
  "outcome",
  "error",
  "jobId"
})
public record WebhookDelivery(
    String messageId,
    String stream,
    long eventId,
    String eventType,
    Instant attemptedAt,
    Integer statusCode,
    long durationMillis,
    String outcome,
    String error,
    String jobId) {}
