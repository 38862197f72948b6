package dev.backplane.runtime.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Sends requests at a fixed rate whatever the server does (an open model), and measures each one
 * from the moment it was due to be sent, not from when it was actually sent: a stalled server makes
 * the requests queued behind the stall count as slow, instead of quietly sending fewer (coordinated
 * omission).
 */
public final class OpenModelLoad {

  private OpenModelLoad() {}

  /** What a run measured. */
  public record Result(double rate, Duration duration, Latencies latencies, int errors, int late) {

    public double achievedRate() {
      return latencies.count() / (duration.toNanos() / 1e9);
    }
  }

  /**
   * @param authorization the Authorization header for each request, read when it is sent (a long
   *     run refreshes its token)
   */
  public static Result run(
      String url, Supplier<String> authorization, double rate, Duration duration) {
    var latencies = new Latencies();
    var errors = new AtomicInteger();
    var late = new AtomicInteger();
    var executor = Executors.newFixedThreadPool(2);
    try (var http =
        HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build()) {
      long interval = (long) (1_000_000_000L / rate);
      long total = (long) (duration.toNanos() / interval);
      var outstanding = new CountDownLatch((int) total);
      long start = System.nanoTime() + 10_000_000L;
      for (long i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else if (wait < -1_000_000L) {
          late.incrementAndGet(); // the generator itself fell behind by over 1 ms
        }
        var builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        var header = authorization.get();
        if (header != null) {
          builder.header("Authorization", header);
        }
        http.sendAsync(builder.build(), HttpResponse.BodyHandlers.discarding())
            .whenComplete(
                (response, failure) -> {
                  latencies.record(System.nanoTime() - due);
                  if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                  }
                  outstanding.countDown();
                });
      }
      outstanding.await(60, TimeUnit.SECONDS);
      return new Result(rate, duration, latencies, errors.get(), late.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      executor.shutdownNow();
    }
  }
}
