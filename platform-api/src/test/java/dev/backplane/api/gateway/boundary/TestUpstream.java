package dev.backplane.api.gateway.boundary;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A service behind the gateway, on loopback in the test's JVM: it records what reaches it and
 * answers {@code <name> <method> <path and query>}, or as the test sets it (a status, a delay, a
 * failing health check); {@code /download/<bytes>} streams that many bytes, {@code /upload} counts
 * what it is sent.
 */
final class TestUpstream implements AutoCloseable {

  /** A request as it reached the service. */
  record Received(String method, String uri, Headers headers, long bodyBytes) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  final String name;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  /** Non-zero: every request (but the health check) is answered with this status. */
  volatile int status;

  volatile int healthStatus = 200;

  /** Whether a body has begun to arrive. */
  volatile boolean bodyBegun;

  volatile long delayMillis;

  /** When set, the answers' Cache-Control. */
  volatile String cacheControl;

  /** A download pauses after its first megabyte until this opens (the caller got that far). */
  volatile CountDownLatch downloadGate = new CountDownLatch(0);

  TestUpstream(String name) {
    this.name = name;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::answer);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  boolean uploadBegun() {
    return bodyBegun;
  }

  long count(String method) {
    return received.stream().filter(r -> r.method().equals(method)).count();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      var path = exchange.getRequestURI().getRawPath();
      if (path.endsWith("/health")) {
        exchange.sendResponseHeaders(healthStatus, -1);
        return;
      }
      long bytes = 0;
      var buffer = new byte[64 * 1024];
      try (var body = exchange.getRequestBody()) {
        int n;
        while ((n = body.read(buffer)) >= 0) {
          bytes += n;
          bodyBegun |= n > 0;
        }
      }
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().toString(),
              exchange.getRequestHeaders(),
              bytes));
      if (delayMillis > 0) {
        sleep(delayMillis);
      }
      exchange.getResponseHeaders().add("X-Upstream", name);
      if (cacheControl != null) {
        exchange.getResponseHeaders().add("Cache-Control", cacheControl);
      }
      exchange.getResponseHeaders().add("Connection", "X-Hop");
      exchange.getResponseHeaders().add("X-Hop", "must not pass");
      if (status != 0) {
        exchange.sendResponseHeaders(status, -1);
      } else if (path.contains("/download/")) {
        download(exchange, Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
      } else {
        var text =
            (path.contains("/upload")
                    ? Long.toString(bytes)
                    : name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI())
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(
            200, exchange.getRequestMethod().equals("HEAD") ? -1 : text.length);
        if (!exchange.getRequestMethod().equals("HEAD")) {
          exchange.getResponseBody().write(text);
        }
      }
    }
  }

  private void download(HttpExchange exchange, long length) throws IOException {
    exchange.sendResponseHeaders(200, length);
    var chunk = new byte[64 * 1024];
    long sent = 0;
    var out = exchange.getResponseBody();
    while (sent < length) {
      int n = (int) Math.min(chunk.length, length - sent);
      out.write(chunk, 0, n);
      sent += n;
      if (sent == 1024 * 1024) {
        out.flush();
        try {
          if (!downloadGate.await(30, TimeUnit.SECONDS)) {
            throw new IOException("the caller did not get the first megabyte");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops at once: connections under way are cut, new ones refused. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
