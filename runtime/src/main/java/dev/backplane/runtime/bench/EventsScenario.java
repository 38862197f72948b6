package dev.backplane.runtime.bench;

import com.sun.net.httpserver.HttpServer;
import dev.backplane.runtime.Progress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code events} scenario, on the three-instance cluster with PostgreSQL.
 *
 * <ul>
 *   <li>Live stream: records created through instance-1 into one collection, first as fast as they
 *       are answered (the warm-up, which gives the maximum), then at half that rate, with one
 *       Server-Sent Events subscriber on instance-1 and one on instance-3; each event's latency is
 *       the time from its write's answer (the change committed) to its arrival at the subscriber,
 *       so the same instance and another one are measured side by side in one run.
 *   <li>Job queue: {@value #RECORDS} records created through the load balancer, 16 at a time, each
 *       writer into a collection of its own, all followed by {@value #WEBHOOKS} webhooks whose
 *       receiver (on loopback, in this process) answers 204 at once: each record is a delivery job
 *       to each webhook, the lightest job a user can enqueue, enqueued faster than the queue runs
 *       them. Jobs run while the writes go on; the throughput is the backlog left when the writes
 *       ended over the time the cluster took to drain it.
 * </ul>
 */
final class EventsScenario {

  static final String STREAMED = "bench_events";

  /** The collections of the job run: one per writer, so no two writes wait for one stream. */
  static final String HOOKED = "bench_hooked_";

  /** Records written in the job run. */
  static final int RECORDS = 600;

  /** Webhooks following the job run's collections: each record is a delivery job to each. */
  static final int WEBHOOKS = 8;

  private static final int WRITERS = 16;
  private static final String FIELDS =
      """
      "fields":[{"name":"title","type":"text","required":true,"maxLength":100}],
      "rules":{"list":["authenticated"],"read":["authenticated"],"create":["authenticated"]}""";
  private static final Duration SETTLE = Duration.ofSeconds(10);

  private final BenchMode mode;
  private final Tokens admin;
  private final Progress progress;
  private final BenchHttp http = new BenchHttp();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * @param maximum writes per second to one collection through one instance, 16 at a time (closed
   *     model), in the warm-up
   * @param rate writes per second while the stream was measured: half of the maximum
   * @param writes events written (each expected once at each subscriber)
   * @param failed writes that failed at that rate
   * @param sameInstance latencies at the subscriber on the instance written to
   * @param otherInstance latencies at the subscriber on another instance
   * @param missing events that never arrived (at either subscriber), duplicates counted too
   * @param early events that arrived before their write's answer reached the client (counted as 0)
   * @param jobs delivery jobs enqueued (records written in the job run times {@value #WEBHOOKS})
   * @param writeRate records written per second in the job run
   * @param backlog deliveries still to do when the writes ended
   * @param drain how long the cluster took to deliver that backlog
   */
  record Figures(
      double maximum,
      double rate,
      int writes,
      int failed,
      Latencies sameInstance,
      Latencies otherInstance,
      int missing,
      int early,
      int jobs,
      double writeRate,
      int backlog,
      Duration drain) {

    /** Delivery jobs enqueued per second in the job run. */
    double enqueueRate() {
      return writeRate * WEBHOOKS;
    }

    /** Jobs completed per second while draining the backlog. */
    double jobsPerSecond() {
      return drain.isZero() ? Double.NaN : backlog / (drain.toNanos() / 1e9);
    }
  }

  EventsScenario(BenchMode mode, Tokens admin, Progress progress) {
    this.mode = mode;
    this.admin = admin;
    this.progress = progress;
  }

  /**
   * @param instances the instances' base URLs (the first is written to, the last is the other
   *     subscriber's)
   * @param balanced the load balancer's base URL
   */
  Figures run(List<String> instances, String balanced, Tokens consumer) {
    var api = instances.get(0) + "/api/v1";
    for (var name : collections()) {
      // left by a run that was stopped: made again, empty
      http.status("DELETE", api + "/admin/collections/" + name, admin.authorization());
      http.send(
          "POST",
          api + "/admin/collections",
          admin.authorization(),
          "{\"name\":\"" + name + "\"," + FIELDS + "}");
    }
    try {
      var stream = stream(instances.get(0), instances.get(instances.size() - 1), consumer);
      var jobs = jobs(api, balanced, consumer);
      return new Figures(
          stream.maximum,
          stream.rate,
          stream.writes,
          stream.failed,
          stream.same,
          stream.other,
          stream.missing,
          stream.early,
          jobs.jobs,
          jobs.writeRate,
          jobs.backlog,
          jobs.drain);
    } finally {
      for (var name : collections()) {
        http.status("DELETE", api + "/admin/collections/" + name, admin.authorization());
      }
    }
  }

  private record Streamed(
      double maximum,
      double rate,
      int writes,
      int failed,
      Latencies same,
      Latencies other,
      int missing,
      int early) {}

  private Streamed stream(String writeTo, String otherInstance, Tokens consumer) {
    var answered = new ConcurrentHashMap<String, Long>();
    Subscriber same = null;
    Subscriber other = null;
    try {
      var records = URI.create(writeTo + "/api/v1/collections/" + STREAMED + "/records");
      // closed model, 16 writers: as fast as the instance takes them, which warms it up (a fixed
      // rate above what a cold instance takes only queues) and gives the rate to measure at
      var warming =
          progress.step(
              String.format(
                  "warming up: writes to one collection, %d at a time, for %d s",
                  WRITERS, mode.warmup().toSeconds()));
      var warm = writeFlat(w -> records, consumer, Integer.MAX_VALUE, mode.warmup());
      double maximum = warm.made() / (warm.took().toNanos() / 1e9);
      double rate = Math.max(10, Math.floor(maximum / 2));
      warming.done(
          String.format(
              "%.0f writes/s%s",
              maximum, warm.failed() == 0 ? "" : ", " + warm.failed() + " failed"));
      // subscribed after the warm-up, whose writes at the maximum a subscriber may not keep up
      // with (it would be dropped, as it should), and with a fresh token: a stream ends with its
      // token
      var authorization = consumer.freshAuthorization();
      same = new Subscriber(writeTo, authorization);
      other = new Subscriber(otherInstance, authorization);
      same.awaitOpen();
      other.awaitOpen();
      var duration = mode.slice().multipliedBy(2);
      var step =
          progress.step(
              String.format(
                  "writes at %.0f/s through instance-1 for %d s, streamed to instance-1 and"
                      + " instance-3",
                  rate, duration.toSeconds()));
      int failed = write(records, consumer, rate, duration, answered);
      int writes = answered.size();
      long deadline = System.nanoTime() + SETTLE.toNanos();
      while (!(same.arrived.keySet().containsAll(answered.keySet())
              && other.arrived.keySet().containsAll(answered.keySet()))
          && System.nanoTime() < deadline) {
        ClusterScenario.pause(Duration.ofMillis(50));
      }
      var sameLatencies = new Latencies();
      var otherLatencies = new Latencies();
      int early = 0;
      int missing = 0;
      for (var entry : answered.entrySet()) {
        for (var subscriber : List.of(same, other)) {
          Long arrived = subscriber.arrived.get(entry.getKey());
          if (arrived == null) {
            missing++;
            continue;
          }
          long latency = arrived - entry.getValue();
          if (latency < 0) {
            early++;
          }
          (subscriber == same ? sameLatencies : otherLatencies).record(latency);
        }
      }
      missing += same.duplicates.get() + other.duplicates.get();
      step.done(
          String.format(
              "p50 %.1f ms / %.1f ms, p99 %.1f ms / %.1f ms (same / other instance), %d missing,"
                  + " %d writes failed",
              Bench.millis(sameLatencies.percentile(50)),
              Bench.millis(otherLatencies.percentile(50)),
              Bench.millis(sameLatencies.percentile(99)),
              Bench.millis(otherLatencies.percentile(99)),
              missing,
              failed));
      return new Streamed(
          maximum, rate, writes, failed, sameLatencies, otherLatencies, missing, early);
    } finally {
      if (same != null) {
        same.close();
      }
      if (other != null) {
        other.close();
      }
    }
  }

  /**
   * Creates records at a fixed rate (open model: each write is sent when due, whatever the others
   * do), and notes when each one's answer arrived, by the record's id.
   *
   * @return the writes that failed
   */
  private int write(
      URI records, Tokens consumer, double rate, Duration duration, Map<String, Long> answered) {
    long interval = (long) (1e9 / rate);
    long total = duration.toNanos() / interval;
    long start = System.nanoTime();
    var made = new AtomicInteger();
    var failures = new AtomicInteger();
    try (var sending = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long n = 0; n < total; n++) {
        long wait = start + n * interval - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        var authorization = consumer.authorization();
        sending.submit(
            () -> {
              var id = create(records, authorization, "streamed");
              if (id == null) {
                failures.incrementAndGet();
              } else {
                answered.put(id, System.nanoTime());
                made.incrementAndGet();
              }
            });
      }
    }
    return failures.get();
  }

  private record Flat(int made, int failed, Duration took) {}

  /**
   * Creates records {@value #WRITERS} at a time, each writer sending its next as soon as the last
   * is answered (closed model), until {@code count} are made or the time is up.
   *
   * @param records where writer number n (from 0) creates its records
   */
  private Flat writeFlat(
      java.util.function.IntFunction<URI> records, Tokens consumer, int count, Duration duration) {
    var next = new AtomicInteger();
    var made = new AtomicInteger();
    var failed = new AtomicInteger();
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < WRITERS; w++) {
        var target = records.apply(w);
        writers.submit(
            () -> {
              while (System.nanoTime() < deadline && next.getAndIncrement() < count) {
                if (create(target, consumer.authorization(), "flat") == null) {
                  failed.incrementAndGet();
                } else {
                  made.incrementAndGet();
                }
              }
            });
      }
    }
    return new Flat(made.get(), failed.get(), Duration.ofNanos(System.nanoTime() - started));
  }

  private static List<String> hooked() {
    return java.util.stream.IntStream.range(0, WRITERS).mapToObj(w -> HOOKED + w).toList();
  }

  private static List<String> collections() {
    var all = new java.util.ArrayList<String>(List.of(STREAMED));
    all.addAll(hooked());
    return all;
  }

  /** The new record's id, or null when the write failed. */
  private String create(URI records, String authorization, String title) {
    try {
      var response =
          client.send(
              HttpRequest.newBuilder(records)
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", authorization)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 201
          ? BenchHttp.object(response.body()).getString("id")
          : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private record Jobs(int jobs, double writeRate, int backlog, Duration drain) {}

  private Jobs jobs(String api, String balanced, Tokens consumer) {
    var delivered = ConcurrentHashMap.<String>newKeySet();
    var lastDelivery = new AtomicLong();
    HttpServer receiver;
    try {
      receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException("no loopback port for the webhook receiver", e);
    }
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          var delivery =
              exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("webhook-id");
          if (delivered.add(delivery)) {
            lastDelivery.set(System.nanoTime());
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    var webhooks = new java.util.ArrayList<String>();
    try {
      for (int k = 0; k < WEBHOOKS; k++) {
        webhooks.add(
            BenchHttp.object(
                    http.send(
                        "POST",
                        api + "/admin/webhooks",
                        admin.authorization(),
                        "{\"name\":\"bench-drain-"
                            + k
                            + "\",\"url\":\"http://127.0.0.1:"
                            + receiver.getAddress().getPort()
                            + "/"
                            + k
                            + "\",\"topics\":["
                            + String.join(
                                ",",
                                hooked().stream().map(c -> "\"collections." + c + "\"").toList())
                            + "]}"))
                .getString("id"));
      }
      // each instance reads the enabled webhooks at most once a second
      ClusterScenario.pause(Duration.ofSeconds(2));
      var step =
          progress.step(
              String.format(
                  "%,d records through the load balancer, %d at a time, each a delivery job to %d"
                      + " webhooks",
                  RECORDS, WRITERS, WEBHOOKS));
      var writes =
          writeFlat(
              w -> URI.create(balanced + "/api/v1/collections/" + HOOKED + w + "/records"),
              consumer,
              RECORDS,
              Duration.ofMinutes(10));
      long written = System.nanoTime();
      int jobs = writes.made() * WEBHOOKS;
      int backlog = jobs - delivered.size();
      long deadline = written + TimeUnit.MINUTES.toNanos(5);
      while (delivered.size() < jobs && System.nanoTime() < deadline) {
        ClusterScenario.pause(Duration.ofMillis(20));
      }
      if (delivered.size() < jobs) {
        step.failed();
        throw new IllegalStateException(
            (jobs - delivered.size()) + " deliveries did not arrive within 5 minutes");
      }
      var drain = Duration.ofNanos(Math.max(0, lastDelivery.get() - written));
      double writeRate = writes.made() / (writes.took().toNanos() / 1e9);
      var figures = new Jobs(jobs, writeRate, backlog, drain);
      step.done(
          String.format(
              "written at %.0f/s (%.0f jobs/s enqueued); %d deliveries left when the writes"
                  + " ended, done in %.1f s: %.0f jobs/s",
              writeRate,
              writeRate * WEBHOOKS,
              backlog,
              drain.toNanos() / 1e9,
              backlog / Math.max(1e-9, drain.toNanos() / 1e9)));
      return figures;
    } finally {
      for (var webhook : webhooks) {
        http.status("DELETE", api + "/admin/webhooks/" + webhook, admin.authorization());
      }
      receiver.stop(0);
    }
  }

  /**
   * One Server-Sent Events subscriber of the streamed collection: when each record's event came.
   * Read by a platform thread of its own through a blocking connection, so the bench's other work
   * does not delay its reading; what is not a record's event (dropped, missed, expired) is shown.
   */
  private final class Subscriber implements AutoCloseable {

    final Map<String, Long> arrived = new ConcurrentHashMap<>();
    final AtomicInteger duplicates = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch open =
        new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;

    Subscriber(String base, String authorization) {
      Thread.ofPlatform().daemon().name("bench-subscriber").start(() -> read(base, authorization));
    }

    private void read(String base, String authorization) {
      try {
        var stream =
            (java.net.HttpURLConnection)
                URI.create(base + "/api/v1/events?topics=collections." + STREAMED)
                    .toURL()
                    .openConnection();
        stream.setRequestProperty("Authorization", authorization);
        stream.setRequestProperty("Accept", "text/event-stream");
        stream.setConnectTimeout(10_000);
        if (stream.getResponseCode() != 200) {
          throw new IllegalStateException("the event stream answered " + stream.getResponseCode());
        }
        open.countDown();
        try (var lines =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(
                    stream.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
          String name = null;
          for (var line = lines.readLine(); line != null && !closed; line = lines.readLine()) {
            if (line.startsWith("event:")) {
              name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
              line(name, line.substring(5).trim());
            }
          }
        }
        stream.disconnect();
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          progress.line("  the event stream of " + base + " ended: " + e);
        }
      }
    }

    private void line(String name, String data) {
      long now = System.nanoTime();
      if (name == null || !name.startsWith("record.")) {
        progress.line("  the event stream sent " + name + ": " + data);
        return;
      }
      var event = BenchHttp.object(data);
      if (arrived.putIfAbsent(event.getString("subject"), now) != null) {
        duplicates.incrementAndGet();
      }
    }

    void awaitOpen() {
      try {
        if (!open.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the event stream did not open within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /**
     * Ends the subscription: the reader closes the connection itself at its next line (a heartbeat
     * comes every 15 s at the latest). Closing it from here waited for the lock the reader holds
     * while it reads, and the reader, taking it back at once, kept it for minutes.
     */
    @Override
    public void close() {
      closed = true;
    }
  }
}
