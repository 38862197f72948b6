package dev.backplane.runtime.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service the gateway scenario puts behind a route, on loopback in the bench's JVM: it answers
 * every request with a small JSON body, after {@code ?ms=} milliseconds of simulated work (none
 * when absent), one virtual thread per exchange.
 */
final class BenchUpstream implements AutoCloseable {

  private static final byte[] BODY =
      "{\"id\":42,\"status\":\"shipped\",\"items\":3}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  BenchUpstream() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the bench's upstream service", e);
    }
    server.setExecutor(threads);
    server.createContext("/", BenchUpstream::answer);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
      var query = exchange.getRequestURI().getRawQuery();
      if (query != null && query.startsWith("ms=")) {
        try {
          Thread.sleep(Long.parseLong(query.substring(3)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, BODY.length);
      exchange.getResponseBody().write(BODY);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
