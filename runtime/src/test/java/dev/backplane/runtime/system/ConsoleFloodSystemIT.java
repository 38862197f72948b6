package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.InstanceHeap;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anonymous visitors cannot make the console hold server state: a bounded flood of requests to the
 * console, each with a long address of its own to come back to after the login, leaves the
 * instance's heap where it was and creates no HTTP session.
 */
@ExtendWith(RunningBackplane.class)
class ConsoleFloodSystemIT {

  private static final int REQUESTS = 10_000;
  private static final String FILLER = "x".repeat(4_000);

  @Test
  void aFloodOfAnonymousVisitorsLeavesNoStateBehind(TestPorts ports) throws Exception {
    var instance =
        ports.processes().stream()
            .filter(p -> p.info().commandLine().orElse("").contains("payara-micro.jar"))
            .findFirst()
            .orElseThrow();
    var client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    var before = InstanceHeap.retainedBytes(ports.publicUrl(), instance.pid());

    var redirected = new AtomicInteger();
    var sessions = new AtomicInteger();
    var next = new AtomicInteger();
    try (var pool = Executors.newFixedThreadPool(8)) {
      var workers = new ArrayList<Future<?>>();
      for (int w = 0; w < 8; w++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int n = next.getAndIncrement(); n < REQUESTS; n = next.getAndIncrement()) {
                    var response =
                        client.send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        ports.publicUrl() + "/console/users?n=" + n + "&" + FILLER))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 302) {
                      redirected.incrementAndGet();
                    }
                    if (response.headers().allValues("Set-Cookie").stream()
                        .anyMatch(c -> c.startsWith("JSESSIONID"))) {
                      sessions.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (var worker : workers) {
        worker.get();
      }
    }
    var after = InstanceHeap.retainedBytes(ports.publicUrl(), instance.pid());

    // each visitor was sent to Keycloak's login, and nothing of it stayed on the instance
    assertThat(redirected.get()).isEqualTo(REQUESTS);
    assertThat(sessions.get()).isZero();
    assertThat(after - before)
        .as(
            "heap kept after %d visits: %d MB before, %d MB after",
            REQUESTS, before >> 20, after >> 20)
        .isLessThan(16L * 1024 * 1024);
  }
}
