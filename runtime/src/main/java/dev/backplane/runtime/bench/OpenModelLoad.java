package dev.backplane.runtime.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Sends GET requests at a fixed rate whatever the server does (an open model) over a fixed set of
 * keep-alive connections, and times each request from the moment it was due, not from when a
 * connection was free to send it: a stalled server makes every request queued behind the stall
 * count as slow, instead of quietly sending fewer (coordinated omission), as wrk2 does.
 *
 * <p>Plain HTTP/1.1 over sockets: the JDK's HttpClient costs too much CPU per request to drive a
 * server on the same two cores at thousands of requests per second.
 */
public final class OpenModelLoad {

  private OpenModelLoad() {}

  /** What a run measured. */
  public record Result(double rate, Duration duration, Latencies latencies, int errors) {}

  /**
   * @param authorization the Authorization header of each request, read when it is sent (a long run
   *     renews its token); null for none
   */
  public static Result run(
      String url, Supplier<String> authorization, double rate, Duration duration, int connections) {
    var uri = URI.create(url);
    return run(uri, n -> uri.getRawPath(), authorization, rate, duration, connections);
  }

  /**
   * As {@link #run(String, Supplier, double, Duration, int)}, with the path (and query) of request
   * number n from {@code paths}, e.g. a different user each time.
   */
  public static Result run(
      URI uri,
      LongFunction<String> paths,
      Supplier<String> authorization,
      double rate,
      Duration duration,
      int connections) {
    long interval = (long) (1_000_000_000L / rate);
    long total = duration.toNanos() / interval;
    long start = System.nanoTime() + 50_000_000L;
    var next = new AtomicLong();
    var latencies = new Latencies();
    var errors = new AtomicInteger();
    var workers = new ArrayList<Thread>();
    for (int i = 0; i < connections; i++) {
      workers.add(
          Thread.ofPlatform()
              .name("open-model-" + i)
              .start(
                  () -> {
                    var connection = new Connection(uri);
                    try {
                      for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                        long due = start + n * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                          LockSupport.parkNanos(wait);
                        }
                        if (!connection.get(paths.apply(n), authorization.get())) {
                          errors.incrementAndGet();
                        }
                        latencies.record(System.nanoTime() - due);
                      }
                    } finally {
                      connection.close();
                    }
                  }));
    }
    for (var worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return new Result(rate, duration, latencies, errors.get());
  }

  /** One keep-alive connection; reopened when the server closes it or a request fails. */
  private static final class Connection {
    private final URI uri;
    private final String hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Connection(URI uri) {
      this.uri = uri;
      this.hostHeader = uri.getHost() + ":" + uri.getPort();
    }

    /** Sends one GET and reads the whole answer; true for a 200. */
    boolean get(String path, String authorization) {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
          socket.setSoTimeout(30_000);
          in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
          out = socket.getOutputStream();
        }
        var request =
            new StringBuilder(512)
                .append("GET ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(hostHeader)
                .append("\r\n");
        if (authorization != null) {
          request.append("Authorization: ").append(authorization).append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readResponse() == 200;
      } catch (IOException | RuntimeException e) {
        close();
        return false;
      }
    }

    private int readResponse() throws IOException {
      int status = Integer.parseInt(line().split(" ", 3)[1]);
      long length = -1;
      boolean chunked = false;
      boolean closes = false;
      for (var header = line(); !header.isEmpty(); header = line()) {
        var lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          closes = true;
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
            size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          skip(size);
          line();
        }
        line();
      } else if (length > 0) {
        skip(length);
      }
      if (closes) {
        close();
      }
      return status;
    }

    private String line() throws IOException {
      var line = new StringBuilder(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c == -1) {
          throw new IOException("the server closed the connection");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    private void skip(long bytes) throws IOException {
      while (bytes > 0) {
        long skipped = in.skip(bytes);
        if (skipped <= 0) {
          if (in.read() == -1) {
            throw new IOException("the server closed the connection");
          }
          skipped = 1;
        }
        bytes -= skipped;
      }
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
        socket = null;
      }
    }
  }
}
