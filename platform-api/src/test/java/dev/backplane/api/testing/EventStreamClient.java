package dev.backplane.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events subscriber, as a browser's EventSource reads the stream: lines of {@code
 * id:}, {@code event:} and {@code data:} ended by a blank line; comments (heartbeats) skipped.
 */
public final class EventStreamClient implements AutoCloseable {

  /** One event as received. */
  public record Received(String id, String name, String data) {}

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final Thread reader;

  private EventStreamClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    // an answer that is no stream (a problem) is read whole by body()
    this.reader = response.statusCode() == 200 ? Thread.ofVirtual().start(this::read) : null;
  }

  /**
   * Subscribes; the answer's status and headers are there when this returns.
   *
   * @param token a bearer token, or null
   * @param lastEventId the id to resume after, or null
   */
  public static EventStreamClient open(String url, String token, String lastEventId) {
    var request =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    var http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      return new EventStreamClient(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  /** The body of an answer that is no stream (a problem), read whole. */
  public String body() {
    return String.join("\n", response.body().toList());
  }

  private void read() {
    String id = null;
    String name = null;
    var data = new StringBuilder();
    try {
      var lines = response.body().iterator();
      while (lines.hasNext()) {
        var line = lines.next();
        if (line.isEmpty()) {
          if (data.length() > 0 || name != null) {
            received.add(new Received(id, name == null ? "message" : name, data.toString()));
          }
          id = null;
          name = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(5).trim());
        }
      }
    } catch (RuntimeException closed) {
      // the stream ended
    }
  }

  /** The next event, waiting at most this long; null when none came. */
  public Received next(Duration wait) {
    try {
      return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    response.body().close();
    if (reader != null) {
      reader.interrupt();
    }
  }
}
