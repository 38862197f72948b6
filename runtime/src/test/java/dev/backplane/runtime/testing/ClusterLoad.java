package dev.backplane.runtime.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load on a cluster through its load balancer: readers fetch known users round-robin, one
 * writer creates users one after another. Every answer is counted; the users whose creation was
 * acknowledged (201) are remembered, to check that none is lost.
 */
public final class ClusterLoad implements AutoCloseable {

  private final String url;
  private final String token;
  private final List<String> userIds;
  private final String prefix;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger succeeded = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private ClusterLoad(String url, String token, List<String> userIds, String prefix) {
    this.url = url;
    this.token = token;
    this.userIds = List.copyOf(userIds);
    this.prefix = prefix;
  }

  /**
   * Starts {@code readers} reading threads and one writing thread against {@code url}; the users
   * created are named {@code prefix-N}. Bounded: it stops after {@code atMost} in any case.
   */
  public static ClusterLoad start(
      String url, String token, List<String> userIds, int readers, String prefix, Duration atMost) {
    var load = new ClusterLoad(url, token, userIds, prefix);
    long deadline = System.nanoTime() + atMost.toNanos();
    for (int r = 0; r < readers; r++) {
      int first = r;
      load.threads.add(Thread.ofPlatform().start(() -> load.read(first, readers, deadline)));
    }
    load.threads.add(Thread.ofPlatform().start(() -> load.write(deadline)));
    return load;
  }

  private void read(int first, int step, long deadline) {
    for (int i = first; running.get() && System.nanoTime() < deadline; i += step) {
      var id = userIds.get(i % userIds.size());
      record("GET " + id, () -> Http.get(url + "/api/v1/users/" + id, token).statusCode(), 200);
    }
  }

  private void write(long deadline) {
    for (int n = 1; running.get() && System.nanoTime() < deadline; n++) {
      var username = prefix + "-" + n;
      var body = "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.org\"}";
      record(
          "POST " + username,
          () -> {
            var response = Http.send("POST", url + "/api/v1/users", token, body);
            if (response.statusCode() == 201) {
              created.add(Keycloak.json(response.body()).getString("id"));
            }
            return response.statusCode();
          },
          201);
    }
  }

  private void record(String what, java.util.function.IntSupplier request, int expected) {
    try {
      int status = request.getAsInt();
      if (status == expected) {
        succeeded.incrementAndGet();
      } else {
        failures.add(what + " -> " + status);
      }
    } catch (RuntimeException e) {
      failures.add(what + " -> " + e);
    }
  }

  public int requests() {
    return succeeded.get() + failures.size();
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** The ids of the users whose creation was acknowledged with 201. */
  public List<String> created() {
    return List.copyOf(created);
  }

  /** Stops the load and waits for the requests under way. */
  @Override
  public void close() {
    running.set(false);
    awaitEnd(Duration.ofSeconds(30));
  }

  /** Waits until the load has ended (its time is up, or it was closed). */
  public void awaitEnd(Duration atMost) {
    for (var thread : threads) {
      try {
        thread.join(atMost);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
