package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.runtime.testing.BackplaneCommand;
import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.TestPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One instance on its own, as on a laptop, protecting itself: beyond its concurrency limit (set to
 * one here, so that a handful of parallel calls saturate it) requests are shed at once with a 503
 * that says when to come back; and when its process dies, the launcher starts it again and the API
 * and the console answer again without anyone restarting anything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceProtectionSystemIT {

  static final TestPorts PORTS = TestPorts.named("protection", 3);

  private static BackplaneCommand up;

  @BeforeAll
  static void start() {
    up =
        BackplaneCommand.start(
                PORTS,
                Map.of(
                    "BACKPLANE_API_MAX_CONCURRENT_REQUESTS", "1",
                    "BACKPLANE_API_QUEUE_TIMEOUT_MS", "0"),
                "up")
            .awaitUp(Duration.ofMinutes(8));
  }

  @AfterAll
  static void stop() {
    if (up != null) {
      BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(3), "down");
      up.awaitExit(Duration.ofMinutes(2));
    }
  }

  @Test
  @Order(1)
  void requestsBeyondTheConcurrencyLimitAreShedWithA503ThatSaysWhenToComeBack() {
    var admin = new Keycloak(PORTS).token("backplane", "admin", "admin");
    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 40; i++) {
      // each asks Keycloak, which holds the instance's one slot for a few milliseconds
      calls.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(PORTS.publicUrl() + "/api/v1/users?search=n" + i))
                  .header("Authorization", "Bearer " + admin)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    var answers = calls.stream().map(CompletableFuture::join).toList();

    var shed = answers.stream().filter(r -> r.statusCode() == 503).toList();
    assertThat(answers).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 503);
    assertThat(shed).isNotEmpty();
    assertThat(answers.size() - shed.size()).isPositive();
    for (var response : shed) {
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(Keycloak.json(response.body()).getString("detail"))
          .contains("as many requests as it may at once");
    }
    assertThat(Http.get(PORTS.publicUrl() + "/metrics").body())
        .containsPattern("backplane_requests_shed_total\\{[^}]*} [1-9]");
    // health is never shed: a load balancer must see a saturated instance as alive
    assertThat(Http.get(PORTS.publicUrl() + "/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void anInstanceThatDiesIsStartedAgainAndTheApiAndConsoleComeBack() {
    var instance =
        PORTS.processes().stream()
            .filter(p -> p.info().commandLine().orElse("").contains("payara-micro.jar"))
            .findFirst()
            .orElseThrow();

    instance.destroyForcibly(); // as the kernel's OOM killer would

    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                Http.get(PORTS.publicUrl() + "/health/ready").statusCode() == 200
                    // the launcher polls readiness on its own and says so a moment later
                    && up.output().contains("instance-1: ready again"));
    assertThat(up.isAlive()).isTrue();
    assertThat(up.output())
        .contains("instance-1 exited; starting it again")
        .contains("instance-1: ready again")
        .doesNotContain("exited unexpectedly");
    var alice = new Keycloak(PORTS).token("backplane", "alice", "alice");
    assertThat(Http.get(PORTS.publicUrl() + "/api/v1/me", alice).statusCode()).isEqualTo(200);
    var console =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .cookieHandler(new java.net.CookieManager())
            .build();
    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .until(
            () ->
                console
                    .send(
                        HttpRequest.newBuilder(URI.create(PORTS.publicUrl() + "/console/")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("kc-login"));
  }
}
