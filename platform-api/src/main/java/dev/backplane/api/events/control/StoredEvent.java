package dev.backplane.api.events.control;

import dev.backplane.api.events.entity.ChangeEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;

/**
 * An event as it is kept: the change event, whose record's owner it was (for the read rules of
 * subscribers), and its data as JSON text (null when it was too large to travel with a notice: the
 * subscriber reads it from the log).
 */
public record StoredEvent(
    String stream,
    long id,
    String type,
    String subject,
    String owner,
    Instant occurredAt,
    String data) {

  /** The event as subscribers see it. */
  public ChangeEvent event() {
    JsonValue value = null;
    if (data != null) {
      try (var reader = Json.createReader(new StringReader(data))) {
        value = reader.readValue();
      }
    }
    return new ChangeEvent(stream, id, type, subject, occurredAt, value);
  }

  /** As one line of JSON, for the notice that carries it to every instance. */
  String toJson(boolean withData) {
    var json =
        Json.createObjectBuilder()
            .add("stream", stream)
            .add("id", id)
            .add("type", type)
            .add("occurredAt", occurredAt.toString());
    if (subject != null) {
      json.add("subject", subject);
    }
    if (owner != null) {
      json.add("owner", owner);
    }
    if (withData && data != null) {
      json.add("data", data);
    } else if (data != null) {
      json.add("large", true);
    }
    return json.build().toString();
  }

  /** Whether a notice carries its event whole (not: its data was too large to travel with it). */
  static boolean whole(String notice) {
    try (var reader = Json.createReader(new StringReader(notice))) {
      return !reader.readObject().getBoolean("large", false);
    }
  }

  static StoredEvent fromJson(String text) {
    JsonObject json;
    try (var reader = Json.createReader(new StringReader(text))) {
      json = reader.readObject();
    }
    return new StoredEvent(
        json.getString("stream"),
        json.getJsonNumber("id").longValue(),
        json.getString("type"),
        json.getString("subject", null),
        json.getString("owner", null),
        Instant.parse(json.getString("occurredAt")),
        json.getString("data", null));
  }
}
