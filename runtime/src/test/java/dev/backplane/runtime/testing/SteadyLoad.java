package dev.backplane.runtime.testing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A light, steady load of a few kinds of request ("channels"), each sent by a thread of its own one
 * after another with a pause between them. Every answer is recorded with its latency, and a request
 * that fails or hangs (30 s, the client's timeout) is recorded as a failure. Bounded: it stops
 * after {@code atMost} in any case.
 */
public final class SteadyLoad implements AutoCloseable {

  /**
   * One request's outcome.
   *
   * @param sentAt System.nanoTime() when it was sent
   * @param status the HTTP status; 0 when it failed (see failure)
   */
  public record Answer(
      String channel,
      long sentAt,
      Duration took,
      int status,
      String contentType,
      String retryAfter,
      String body,
      String failure) {

    public boolean problem() {
      return contentType.startsWith("application/problem+json");
    }

    @Override
    public String toString() {
      return channel
          + " -> "
          + (failure == null ? status + " " + contentType : failure)
          + " in "
          + took.toMillis()
          + " ms";
    }
  }

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private SteadyLoad() {}

  public static SteadyLoad start(
      Duration pause, Duration atMost, Map<String, Supplier<HttpResponse<String>>> channels) {
    var load = new SteadyLoad();
    long deadline = System.nanoTime() + atMost.toNanos();
    channels.forEach(
        (name, request) ->
            load.threads.add(
                Thread.ofPlatform()
                    .name("load-" + name)
                    .start(() -> load.send(name, request, pause, deadline))));
    return load;
  }

  private void send(
      String channel, Supplier<HttpResponse<String>> request, Duration pause, long deadline) {
    while (running.get() && System.nanoTime() < deadline) {
      long sentAt = System.nanoTime();
      try {
        var response = request.get();
        answers.add(
            new Answer(
                channel,
                sentAt,
                Duration.ofNanos(System.nanoTime() - sentAt),
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null),
                response.body(),
                null));
      } catch (RuntimeException e) {
        answers.add(
            new Answer(
                channel,
                sentAt,
                Duration.ofNanos(System.nanoTime() - sentAt),
                0,
                "",
                null,
                "",
                e.toString()));
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The answers of one channel so far, in the order they came. */
  public List<Answer> answers(String channel) {
    return answers.stream().filter(a -> a.channel().equals(channel)).toList();
  }

  /** The answers of one channel to requests sent after {@code since} (System.nanoTime()). */
  public List<Answer> answers(String channel, long since) {
    return answers(channel).stream().filter(a -> a.sentAt() - since >= 0).toList();
  }

  public List<Answer> all() {
    return List.copyOf(answers);
  }

  /** Stops the load and waits for the requests under way. */
  @Override
  public void close() {
    running.set(false);
    for (var thread : threads) {
      try {
        thread.join(Duration.ofSeconds(35));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
