package dev.backplane.runtime.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls an HTTP address until it answers 200, the deadline passes, or the server dies. */
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
    var deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!alive.getAsBoolean()) {
        return Outcome.DIED;
      }
      if (status(url) == 200) {
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

  /** The status of a GET, or -1 when nothing answers. */
  public static int status(String url) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
