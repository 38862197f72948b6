package dev.backplane.runtime.bench;

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

  /**
   * What a run measured.
   *
   * @param latencies of every request
   * @param admitted latencies of the requests answered 200
   * @param shed requests answered 503 (an overloaded instance's refusal)
   * @param errors requests not answered 200 (the shed ones included), or not at all
   */
  public record Result(
      double rate,
      Duration duration,
      Latencies latencies,
      Latencies admitted,
      int shed,
      int errors) {

    /** The share of the requests sent that were shed. */
    public double shedShare() {
      int sent = latencies.count();
      return sent == 0 ? 0 : (double) shed / sent;
    }
  }

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
    return run(uri, paths, authorization, rate, duration, connections, null);
  }

  /**
   * As {@link #run(URI, LongFunction, Supplier, double, Duration, int)}; an {@code https} URI's
   * connections are made with {@code tls} (HTTP/1.1 over TLS).
   */
  public static Result run(
      URI uri,
      LongFunction<String> paths,
      Supplier<String> authorization,
      double rate,
      Duration duration,
      int connections,
      javax.net.ssl.SSLSocketFactory tls) {
    long interval = (long) (1_000_000_000L / rate);
    long total = duration.toNanos() / interval;
    long start = System.nanoTime() + 50_000_000L;
    var next = new AtomicLong();
    var latencies = new Latencies();
    var admitted = new Latencies();
    var shed = new AtomicInteger();
    var errors = new AtomicInteger();
    var workers = new ArrayList<Thread>();
    for (int i = 0; i < connections; i++) {
      workers.add(
          Thread.ofPlatform()
              .name("open-model-" + i)
              .start(
                  () -> {
                    var connection = new Connection(uri, tls);
                    try {
                      for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                        long due = start + n * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                          LockSupport.parkNanos(wait);
                        }
                        int status = connection.get(paths.apply(n), authorization.get());
                        long latency = System.nanoTime() - due;
                        latencies.record(latency);
                        if (status == 200) {
                          admitted.record(latency);
                        } else {
                          errors.incrementAndGet();
                          if (status == 503) {
                            shed.incrementAndGet();
                          }
                        }
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
    return new Result(rate, duration, latencies, admitted, shed.get(), errors.get());
  }

  /**
   * One keep-alive connection; reopened when the server closes it or a request fails. Lean on
   * purpose: the load and the instance share the machine, and every microsecond spent here is one
   * the generator falls behind (the request's bytes are kept while path and token stay the same,
   * the answer is parsed in its buffer rather than a byte at a time).
   */
  private static final class Connection {
    private final URI uri;
    private final String hostHeader;
    private final byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String lastPath;
    private String lastAuthorization;
    private byte[] request;

    private final javax.net.ssl.SSLSocketFactory tls;

    Connection(URI uri, javax.net.ssl.SSLSocketFactory tls) {
      this.uri = uri;
      this.tls = uri.getScheme().equals("https") ? tls : null;
      this.hostHeader = uri.getHost() + ":" + uri.getPort();
    }

    /** Sends one GET and reads the whole answer; its status, or -1 when there was none. */
    int get(String path, String authorization) {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
          socket.setSoTimeout(30_000);
          if (tls != null) {
            socket = tls.createSocket(socket, uri.getHost(), uri.getPort(), true);
          }
          in = socket.getInputStream();
          out = socket.getOutputStream();
          start = 0;
          end = 0;
        }
        out.write(request(path, authorization));
        out.flush();
        return readResponse();
      } catch (IOException | RuntimeException e) {
        close();
        return -1;
      }
    }

    private byte[] request(String path, String authorization) {
      if (request == null
          || !path.equals(lastPath)
          || !java.util.Objects.equals(authorization, lastAuthorization)) {
        var text =
            new StringBuilder(512)
                .append("GET ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(hostHeader)
                .append("\r\n");
        if (authorization != null) {
          text.append("Authorization: ").append(authorization).append("\r\n");
        }
        request = text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        lastPath = path;
        lastAuthorization = authorization;
      }
      return request;
    }

    private int readResponse() throws IOException {
      var statusLine = line();
      int status = Integer.parseInt(statusLine.substring(9, 12));
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

    /** The next line of the answer, without its CRLF. */
    private String line() throws IOException {
      while (true) {
        for (int i = start; i < end; i++) {
          if (buffer[i] == '\n') {
            int to = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
            var line = new String(buffer, start, to - start, StandardCharsets.US_ASCII);
            start = i + 1;
            return line;
          }
        }
        fill();
      }
    }

    private void skip(long bytes) throws IOException {
      while (bytes > 0) {
        if (start == end) {
          fill();
        }
        int skipped = (int) Math.min(bytes, end - start);
        start += skipped;
        bytes -= skipped;
      }
    }

    /** Reads more of the answer, keeping what is not consumed yet at the buffer's start. */
    private void fill() throws IOException {
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
      }
      if (end == buffer.length) {
        throw new IOException("an answer's line is longer than " + buffer.length + " bytes");
      }
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        throw new IOException("the server closed the connection");
      }
      end += read;
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
