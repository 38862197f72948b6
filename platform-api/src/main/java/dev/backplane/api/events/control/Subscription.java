package dev.backplane.api.events.control;

import jakarta.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * each stream's order and once. Ids are taken before their changes commit, so a notice may come
 * before one with a lower id: it waits at the hole until the lower one arrives, and the log is read
 * when the hole lasts (a notice lost with its instance, an id whose change rolled back and was
 * written void, one that never committed and is passed). One already sent is skipped. Quiet streams
 * are checked against the log at every heartbeat.
 */
final class Subscription {

  private static final Logger LOG = Logger.getLogger(Subscription.class.getName());
  private static final int PAGE = 500;

  /**
   * How often the log is read for a stream held at a hole: at once when the hole is seen (its
   * change may have committed and its notice be late: the bench's subscriber on another instance
   * waited 0.6 s at the median when the first look came after 500 ms), then this often.
   */
  private static final long HOLD_POLL_MILLIS = 100;

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
  private final long holeWaitMillis;
  private final Map<String, TreeMap<Long, Notice>> pending = new HashMap<>();

  /** A stream held at a hole: since when, and when the log was last read for it (nano times). */
  private static final class Hold {
    final long since = System.nanoTime();
    long looked = since - TimeUnit.MILLISECONDS.toNanos(HOLD_POLL_MILLIS);
  }

  /** The streams held at a hole. */
  private final Map<String, Hold> holds = new HashMap<>();

  private long lastSent = System.nanoTime();

  /**
   * @param until when the subscriber's token expires (the stream ends then), or null: never
   */
  Subscription(
      EventLog log,
      EventSink sink,
      Map<String, Predicate<StoredEvent>> readers,
      int buffer,
      long heartbeatMillis,
      long holeWaitMillis,
      Instant until) {
    this.until = until;
    this.holeWaitMillis = holeWaitMillis;
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
        long quiet = millisSince(lastSent);
        long wait = Math.max(1, heartbeatMillis - quiet);
        if (!holds.isEmpty()) {
          wait = Math.min(wait, HOLD_POLL_MILLIS);
        }
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
        if (notice != null) {
          handle(notice);
        }
        lookAtHoles();
        if (millisSince(lastSent) >= heartbeatMillis) {
          sink.heartbeat();
          lastSent = System.nanoTime();
          for (var stream : readers.keySet()) {
            catchUp(stream);
          }
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

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /**
   * A notice is sent when it is the stream's next; one beyond a hole waits (at most a buffer's
   * worth: then the log is read instead) for the hole to fill.
   */
  private void handle(Notice notice) throws IOException {
    var event = notice.event();
    if (event.id() <= positions.get(event.stream())) {
      return;
    }
    var waiting = pending.computeIfAbsent(event.stream(), s -> new TreeMap<>());
    waiting.put(event.id(), notice);
    if (waiting.size() > buffer) {
      waiting.clear();
      catchUp(event.stream());
      return;
    }
    drain(event.stream());
  }

  /** Sends the waiting notices that follow the stream's position without a hole. */
  private void drain(String stream) throws IOException {
    var waiting = pending.get(stream);
    while (waiting != null && !waiting.isEmpty()) {
      long position = positions.get(stream);
      var first = waiting.firstEntry();
      if (first.getKey() <= position) {
        waiting.pollFirstEntry();
      } else if (first.getKey() != position + 1) {
        holds.computeIfAbsent(stream, s -> new Hold());
        return;
      } else if (first.getValue().whole()) {
        waiting.pollFirstEntry();
        send(first.getValue().event());
      } else {
        // its data was too large to travel with the notice: read from the log
        waiting.pollFirstEntry();
        catchUp(stream);
        if (positions.get(stream) == position) {
          holds.computeIfAbsent(stream, s -> new Hold());
          return;
        }
      }
    }
  }

  /**
   * The log is read for a stream held at a hole, every {@value #HOLD_POLL_MILLIS} ms: the hole may
   * be filled (its notice lost), void or passable.
   */
  private void lookAtHoles() throws IOException {
    for (var held : List.copyOf(holds.entrySet())) {
      if (millisSince(held.getValue().looked) >= HOLD_POLL_MILLIS) {
        held.getValue().looked = System.nanoTime();
        catchUp(held.getKey());
      }
    }
  }

  /**
   * Sends what the log holds after the stream's position, to its end or to a hole, then what waits
   * beyond. A hole is passed when the event after it is older than {@code holeWaitMillis}, or the
   * stream has been held at it that long: its change took longer than a change may, or its instance
   * died before the commit. Ids before the log's oldest (deleted by the retention) are told {@code
   * missed}.
   */
  private void catchUp(String stream) throws IOException {
    page:
    while (true) {
      var events = log.after(stream, positions.get(stream), PAGE);
      for (var event : events) {
        long position = positions.get(stream);
        if (event.id() > position + 1) {
          if (!passable(stream, event)) {
            holds.computeIfAbsent(stream, s -> new Hold());
            break page;
          }
          long oldest = log.oldest(stream);
          if (position + 1 < oldest) {
            sink.send(
                null,
                "missed",
                Json.createObjectBuilder()
                    .add("stream", stream)
                    .add("after", position)
                    .add("next", oldest)
                    .build()
                    .toString());
          } else {
            LOG.warning(
                () ->
                    "Event ids "
                        + (position + 1)
                        + " to "
                        + (event.id() - 1)
                        + " of "
                        + stream
                        + " never committed; a subscriber goes on past them");
          }
        }
        send(event);
      }
      if (events.size() < PAGE) {
        break;
      }
    }
    var waiting = pending.get(stream);
    if (waiting != null) {
      waiting.headMap(positions.get(stream), true).clear();
      if (waiting.isEmpty()) {
        return;
      }
      if (waiting.firstKey() == positions.get(stream) + 1) {
        drain(stream);
      }
    }
  }

  private boolean passable(String stream, StoredEvent after) {
    var held = holds.get(stream);
    return Duration.between(after.occurredAt(), Instant.now()).toMillis() >= holeWaitMillis
        || (held != null && millisSince(held.since) >= holeWaitMillis);
  }

  private void send(StoredEvent event) throws IOException {
    positions.put(event.stream(), event.id());
    holds.remove(event.stream());
    if (!EventCounters.VOID.equals(event.type()) && readers.get(event.stream()).test(event)) {
      sink.send(resumeId(), event.type(), json(event));
      lastSent = System.nanoTime();
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
