package dev.backplane.api.events.control;

import jakarta.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One subscriber's stream: notices arrive in a bounded inbox (a subscriber that falls behind by
 * more is dropped, never buffered without end) and are sent, by a virtual thread of its own, in
 * each stream's order and once: a notice after a gap (one that arrived late, or was lost with its
 * instance) is preceded by the events the log holds between; one already sent is skipped. Quiet
 * streams are checked against the log at every heartbeat.
 */
final class Subscription {

  private static final Logger LOG = Logger.getLogger(Subscription.class.getName());
  private static final int PAGE = 500;

  private record Notice(StoredEvent event, boolean whole) {}

  private final EventLog log;
  private final EventSink sink;
  private final Map<String, Predicate<StoredEvent>> readers;
  private final Map<String, Long> positions = new LinkedHashMap<>();
  private final BlockingQueue<Notice> inbox;
  private final long heartbeatMillis;
  private final int buffer;
  private volatile boolean overflowed;
  private volatile boolean closed;
  private final Instant until;

  /**
   * @param until when the subscriber's token expires (the stream ends then), or null: never
   */
  Subscription(
      EventLog log,
      EventSink sink,
      Map<String, Predicate<StoredEvent>> readers,
      int buffer,
      long heartbeatMillis,
      Instant until) {
    this.until = until;
    this.log = log;
    this.sink = sink;
    this.readers = readers;
    this.inbox = new ArrayBlockingQueue<>(buffer);
    this.buffer = buffer;
    this.heartbeatMillis = heartbeatMillis;
  }

  boolean follows(String stream) {
    return readers.containsKey(stream);
  }

  /** A notice from the fan-out; a full inbox drops the subscriber (it is told why, if it can). */
  void offer(StoredEvent event, boolean whole) {
    if (!inbox.offer(new Notice(event, whole))) {
      overflowed = true;
    }
  }

  /**
   * Runs the subscription until the subscriber leaves or falls behind.
   *
   * @param from each stream's position to send after (the subscriber's Last-Event-ID, or the
   *     stream's end when it subscribed)
   */
  void run(Map<String, Long> from, Runnable ended) {
    try {
      positions.putAll(from);
      for (var stream : readers.keySet()) {
        catchUp(stream);
      }
      while (!closed && !overflowed) {
        long wait = heartbeatMillis;
        if (until != null) {
          long left = Duration.between(Instant.now(), until).toMillis();
          if (left <= 0) {
            sink.send(
                resumeId(),
                "expired",
                Json.createObjectBuilder()
                    .add(
                        "reason",
                        "the subscriber's token expired; reconnect with a fresh one and"
                            + " Last-Event-ID to go on")
                    .build()
                    .toString());
            return;
          }
          wait = Math.min(wait, left);
        }
        var notice = inbox.poll(wait, TimeUnit.MILLISECONDS);
        if (notice == null && until != null && !Instant.now().isBefore(until)) {
          continue; // the token's end, not a quiet heartbeat: told at the top of the loop
        }
        if (notice == null) {
          sink.heartbeat();
          for (var stream : readers.keySet()) {
            catchUp(stream);
          }
        } else {
          handle(notice);
        }
      }
      if (overflowed) {
        sink.send(
            resumeId(),
            "dropped",
            Json.createObjectBuilder()
                .add(
                    "reason",
                    "the subscriber fell more than "
                        + buffer
                        + " events behind; reconnect with Last-Event-ID to go on")
                .build()
                .toString());
      }
    } catch (IOException e) {
      LOG.fine(() -> "A subscriber left: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "A subscription ended on a failure", e);
    } finally {
      sink.close();
      ended.run();
    }
  }

  void close() {
    closed = true;
    sink.close();
  }

  private void handle(Notice notice) throws IOException {
    var event = notice.event();
    long position = positions.get(event.stream());
    if (event.id() <= position) {
      return;
    }
    if (event.id() == position + 1 && notice.whole()) {
      send(event);
    } else {
      catchUp(event.stream());
    }
  }

  /** Sends what the log holds after the stream's position, to its end. */
  private void catchUp(String stream) throws IOException {
    while (true) {
      long position = positions.get(stream);
      var events = log.after(stream, position, PAGE);
      if (events.isEmpty()) {
        return;
      }
      if (events.get(0).id() > position + 1) {
        // deleted by the retention: the subscriber is told what it cannot have
        sink.send(
            null,
            "missed",
            Json.createObjectBuilder()
                .add("stream", stream)
                .add("after", position)
                .add("next", events.get(0).id())
                .build()
                .toString());
      }
      for (var event : events) {
        send(event);
      }
      if (events.size() < PAGE) {
        return;
      }
    }
  }

  private void send(StoredEvent event) throws IOException {
    positions.put(event.stream(), event.id());
    if (readers.get(event.stream()).test(event)) {
      sink.send(resumeId(), event.type(), json(event));
    }
  }

  /** Every stream's position: what Last-Event-ID gives back to go on from here. */
  private String resumeId() {
    return positions.entrySet().stream()
        .map(p -> p.getKey() + "=" + p.getValue())
        .collect(Collectors.joining(","));
  }

  private static String json(StoredEvent stored) {
    var event = stored.event();
    var json =
        Json.createObjectBuilder()
            .add("stream", event.stream())
            .add("id", event.id())
            .add("type", event.type())
            .add("occurredAt", event.occurredAt().toString());
    if (event.subject() != null) {
      json.add("subject", event.subject());
    }
    if (event.data() != null) {
      json.add("data", event.data());
    }
    return json.build().toString();
  }
}
