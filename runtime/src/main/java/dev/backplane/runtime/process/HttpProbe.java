package dev.backplane.runtime.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Polls an HTTP address until it answers 200 with the expected body, the deadline passes, or the
 * server dies.
 */
public final class HttpProbe {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpProbe() {}

  public enum Outcome {
    READY,
    TIMED_OUT,
    DIED
  }

  public static Outcome awaitOk(String url, Duration timeout, BooleanSupplier alive) {
    return awaitOk(url, body -> true, timeout, alive);
  }

  /**
   * @param expected what the body must show, e.g. that the application's own checks are there
   */
  public static Outcome awaitOk(
      String url, Predicate<String> expected, Duration timeout, BooleanSupplier alive) {
    var deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!alive.getAsBoolean()) {
        return Outcome.DIED;
      }
      var answer = get(url);
      if (answer != null && answer.statusCode() == 200 && expected.test(answer.body())) {
        return Outcome.READY;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.TIMED_OUT;
      }
    }
    return Outcome.TIMED_OUT;
  }

  /** The answer to a GET, or null when nothing answers. */
  private static HttpResponse<String> get(String url) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
