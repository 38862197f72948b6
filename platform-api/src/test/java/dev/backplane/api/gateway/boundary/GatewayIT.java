package dev.backplane.api.gateway.boundary;

import static dev.backplane.api.testing.Responses.assertProblem;
import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.TestIssuer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway in front of services on loopback: routes written by administrators only and checked,
 * requests routed by prefix with the header rules, access rules and rate limits applied, targets
 * balanced by weight, a target killed under load costing no GET and duplicating no POST, circuits
 * opening and closing, health checks taking a target out, and 200 MB streamed both ways.
 */
@ExtendWith(ArquillianExtension.class)
class GatewayIT {

  static final TestIssuer ISSUER = new TestIssuer();
  static final String ROUTES = "/api/v1/admin/routes";

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config =
        ISSUER.mpConfig()
            + "backplane.db.datasource-class=org.h2.jdbcx.JdbcDataSource\n"
            + "backplane.db.url=jdbc:h2:mem:gateway;DB_CLOSE_DELAY=-1\n"
            + "backplane.db.user=sa\n"
            + "backplane.db.password=\n"
            // circuits half-open after a second, to see them close within the test
            + "backplane.gateway.circuit-open-ms=1000\n";
    var archive = Deployments.withPersistence(config);
    Deployments.withFeature(archive, "audit");
    Deployments.withFeature(archive, "ratelimit");
    Deployments.withFeature(archive, "caches");
    Deployments.withFeature(archive, "instance");
    return Deployments.withFeature(archive, "gateway");
  }

  @ArquillianResource URL base;

  private final String admin = ISSUER.token("admin", "platform-admin");
  private final String operator = ISSUER.token("operator", "platform-operator");
  private final String alice = ISSUER.token("alice", "api-user");

  private ApiClient api;

  private ApiClient api() {
    if (api == null) {
      api = new ApiClient(base);
    }
    return api;
  }

  private HttpResponse<String> send(String method, String path, String token, String body) {
    var request = api().request(path);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return api().send(request);
  }

  /** Creates (or replaces) a route as the administrator. */
  private void route(String name, String json) {
    var existing = send("GET", ROUTES + "/" + name, admin, null);
    var answer =
        existing.statusCode() == 200
            ? send("PUT", ROUTES + "/" + name, admin, json)
            : send("POST", ROUTES, admin, json);
    assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
  }

  @Test
  void administratorsWriteRoutesOperatorsReadThemAndBadOnesAreRefusedByField() {
    var spec =
        "{\"name\":\"matrix\",\"prefix\":\"/services/matrix\",\"targets\":[{\"url\":"
            + "\"http://127.0.0.1:9\"}]}";
    assertThat(send("GET", ROUTES, null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", ROUTES, alice, null).statusCode()).isEqualTo(403);
    assertThat(send("POST", ROUTES, operator, spec).statusCode()).isEqualTo(403);
    assertThat(send("POST", ROUTES, alice, spec).statusCode()).isEqualTo(403);
    var created = send("POST", ROUTES, admin, spec);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(l -> l.endsWith("/matrix"));
    var route = json(created).getJsonObject("spec");
    assertThat(route.getString("access")).isEqualTo("authenticated");
    assertThat(route.getBoolean("stripPrefix")).isTrue();
    assertThat(route.getBoolean("passToken")).isFalse();
    assertThat(send("GET", ROUTES + "/matrix", operator, null).statusCode()).isEqualTo(200);
    assertThat(send("PUT", ROUTES + "/matrix", operator, spec).statusCode()).isEqualTo(403);
    assertThat(send("DELETE", ROUTES + "/matrix", operator, null).statusCode()).isEqualTo(403);
    // the same prefix twice, the same name twice
    var samePrefix = spec.replace("\"matrix\"", "\"other\"");
    assertProblem(send("POST", ROUTES, admin, samePrefix), 409, ROUTES);
    assertProblem(send("POST", ROUTES, admin, spec), 409, ROUTES);

    for (var bad :
        List.of(
            new String[] {"\"prefix\":\"/api/v1/x\"", "prefix"},
            new String[] {"\"prefix\":\"/Health\"", "prefix"},
            new String[] {"\"prefix\":\"/services/../api\"", "prefix"},
            new String[] {"\"prefix\":\"/services/%2e%2e\"", "prefix"},
            new String[] {"\"prefix\":\"/services/x/\"", "prefix"},
            new String[] {"\"prefix\":\"/\"", "prefix"},
            new String[] {"\"methods\":[\"TRACE\"]", "methods[0]"},
            new String[] {"\"access\":\"roles\"", "roles"},
            new String[] {"\"access\":\"everyone\"", "access"},
            new String[] {"\"connectTimeoutMs\":0", "connectTimeoutMs"},
            new String[] {
              "\"setHeaders\":{\"X-Backplane-User\":\"root\"}", "setHeaders.X-Backplane-User"
            },
            new String[] {
              "\"setHeaders\":{\"X-Evil\":\"a\\r\\nInjected: 1\"}", "setHeaders.X-Evil"
            },
            new String[] {"\"healthCheck\":{\"path\":\"health\"}", "healthCheck.path"})) {
      var json =
          "{\"name\":\"bad\",\"prefix\":\"/services/bad\",\"targets\":[{\"url\":\"http://127.0.0.1:9\"}],"
              + bad[0]
              + "}";
      json = json.replaceFirst("\"prefix\":\"/services/bad\",(.*\"prefix\")", "$1");
      var refused = send("POST", ROUTES, admin, json);
      assertProblem(refused, 400, ROUTES);
      assertThat(refused.body()).as(bad[0]).contains("\"field\":\"" + bad[1] + "\"");
    }
    for (var url :
        List.of(
            "ftp://x",
            "http://user:pw@127.0.0.1:9",
            "http://127.0.0.1:9/?q=1",
            "not a url",
            "http://169.254.169.254/latest",
            "http://[fe80::1]:80",
            "http://[::ffff:169.254.169.254]")) {
      var refused =
          send(
              "POST",
              ROUTES,
              admin,
              "{\"name\":\"bad\",\"prefix\":\"/services/bad\",\"targets\":[{\"url\":\""
                  + url
                  + "\"}]}");
      assertProblem(refused, 400, ROUTES);
      assertThat(refused.body()).as(url).contains("\"field\":\"targets[0].url\"");
    }
    assertThat(send("GET", ROUTES + "/bad", admin, null).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", ROUTES + "/matrix", admin, null).statusCode()).isEqualTo(204);
    assertThat(send("GET", ROUTES + "/matrix", admin, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aRouteStripsItsPrefixForwardsTheCallerAsTrustedHeadersAndAppliesItsHeaderRules() {
    try (var upstream = new TestUpstream("echo")) {
      route(
          "echo",
          "{\"name\":\"echo\",\"prefix\":\"/services/echo\",\"targets\":[{\"url\":\""
              + upstream.url()
              + "/v2\"}],\"setHeaders\":{\"X-Env\":\"test\"},\"removeHeaders\":[\"X-Secret\"]}");
      route(
          "whole",
          "{\"name\":\"whole\",\"prefix\":\"/services/whole\",\"stripPrefix\":false,\"access\":"
              + "\"anyone\",\"forwardIdentity\":false,\"passToken\":true,\"targets\":[{\"url\":\""
              + upstream.url()
              + "\"}]}");

      var request =
          api()
              .request("/services/echo/orders/7?expand=lines&x=%20y")
              .header("Authorization", "Bearer " + alice)
              .header("X-Backplane-User", "root")
              .header("X-Backplane-Roles", "platform-admin")
              .header("X-Forwarded-For", "6.6.6.6")
              .header("X-Secret", "hidden")
              .header("X-Request-Id", "gateway-test-1")
              .GET();
      var answer = api().send(request);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("echo GET /v2/orders/7?expand=lines&x=%20y");
      assertThat(answer.headers().firstValue("X-Upstream")).hasValue("echo");
      assertThat(answer.headers().firstValue("X-Hop")).isEmpty();
      assertThat(answer.headers().firstValue("Via"))
          .hasValueSatisfying(v -> v.contains("backplane"));
      assertThat(answer.headers().firstValue("X-Request-Id")).hasValue("gateway-test-1");
      var got = upstream.received.getLast();
      assertThat(got.header("X-Backplane-User")).isEqualTo("alice");
      assertThat(got.header("X-Backplane-Roles")).isEqualTo("api-user");
      assertThat(got.header("X-Backplane-Subject")).isNotBlank();
      assertThat(got.header("Authorization")).isNull();
      assertThat(got.header("X-Secret")).isNull();
      assertThat(got.header("X-Env")).isEqualTo("test");
      assertThat(got.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
      assertThat(got.header("X-Forwarded-Proto")).isEqualTo("http");
      assertThat(got.header("X-Forwarded-Prefix")).isEqualTo("/services/echo");
      assertThat(got.header("Forwarded")).startsWith("for=\"127.0.0.1\";proto=http");
      assertThat(got.header("X-Request-Id")).isEqualTo("gateway-test-1");

      // the prefix alone is the target's base path
      assertThat(send("GET", "/services/echo", alice, null).body()).isEqualTo("echo GET /v2");
      // not stripped, the token passed, anyone may call
      var whole = send("POST", "/services/whole/a", alice, "{\"n\":1}");
      assertThat(whole.body()).isEqualTo("echo POST /services/whole/a");
      assertThat(upstream.received.getLast().header("Authorization")).isEqualTo("Bearer " + alice);
      assertThat(upstream.received.getLast().header("X-Backplane-User")).isNull();
      assertThat(upstream.received.getLast().bodyBytes()).isEqualTo(7);
      assertThat(send("GET", "/services/whole", null, null).statusCode()).isEqualTo(200);
      // a prefix is whole segments
      assertProblem(send("GET", "/services/echoes", alice, null), 404, "/services/echoes");
      assertProblem(send("GET", "/nothing/here", alice, null), 404, "/nothing/here");
    }
  }

  @Test
  void otherSpellingsOfAPathAndOtherMethodsAreRefused() {
    try (var upstream = new TestUpstream("spelling")) {
      route(
          "spelling",
          "{\"name\":\"spelling\",\"prefix\":\"/services/spelling\",\"methods\":[\"GET\"],"
              + "\"targets\":[{\"url\":\""
              + upstream.url()
              + "\"}]}");
      for (var path :
          List.of(
              "/services/spelling/a/../../../api/v1/me",
              "/services/spelling/%2e%2e/x",
              "/services/spelling/a%2Fb",
              "/services/spelling/a;x=1",
              "/services//spelling/a")) {
        var answer = send("GET", path, alice, null);
        assertThat(answer.statusCode()).as(path).isIn(400, 404);
      }
      assertThat(upstream.received).isEmpty();
      var post = send("POST", "/services/spelling/a", alice, "{}");
      assertProblem(post, 405, "/services/spelling/a");
      assertThat(post.headers().firstValue("Allow")).hasValue("GET");
      // encoded letters are the same path
      assertThat(send("GET", "/services/spe%6Cling/a%20b", alice, null).body())
          .isEqualTo("spelling GET /a%20b");
    }
  }

  @Test
  void aRoleLimitedRouteRefusesOthersAndARefusedTokenIsRefusedEverywhere() {
    try (var upstream = new TestUpstream("ops")) {
      route(
          "ops",
          "{\"name\":\"ops\",\"prefix\":\"/services/ops\",\"access\":\"roles\",\"roles\":"
              + "[\"platform-operator\",\"platform-admin\"],\"targets\":[{\"url\":\""
              + upstream.url()
              + "\"}]}");
      route(
          "open",
          "{\"name\":\"open\",\"prefix\":\"/services/open\",\"access\":\"anyone\","
              + "\"targets\":[{\"url\":\""
              + upstream.url()
              + "\"}]}");
      var anonymous = send("GET", "/services/ops/x", null, null);
      assertProblem(anonymous, 401, "/services/ops/x");
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"backplane\"");
      var forbidden = send("GET", "/services/ops/x", alice, null);
      assertProblem(forbidden, 403, "/services/ops/x");
      assertThat(forbidden.body()).contains("ops");
      assertThat(send("GET", "/services/ops/x", operator, null).statusCode()).isEqualTo(200);
      assertThat(send("GET", "/services/open/x", null, null).statusCode()).isEqualTo(200);
      var stranger = ISSUER.signedByStranger(ISSUER.claims("mallory", "platform-admin").build());
      var refused = send("GET", "/services/open/x", stranger, null);
      assertProblem(refused, 401, "/services/open/x");
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> v.contains("invalid_token"));
      assertThat(upstream.received).hasSize(2);
    }
  }

  @Test
  void rateLimitPoliciesApplyToRoutesByPath() {
    try (var upstream = new TestUpstream("limited")) {
      route(
          "limited",
          "{\"name\":\"limited\",\"prefix\":\"/services/limited\",\"targets\":[{\"url\":\""
              + upstream.url()
              + "\"}]}");
      var policy =
          send(
              "POST",
              "/api/v1/admin/rate-limit-policies",
              admin,
              "{\"name\":\"gateway-limited\",\"quota\":3,\"windowSeconds\":3600,\"algorithm\":"
                  + "\"fixed-window\",\"partitionBy\":\"subject\",\"appliesTo\":{\"paths\":"
                  + "[\"/services/limited/**\"]}}");
      assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
      for (int i = 0; i < 3; i++) {
        var admitted = send("GET", "/services/limited/x", alice, null);
        assertThat(admitted.statusCode()).isEqualTo(200);
        assertThat(admitted.headers().firstValue("RateLimit-Policy"))
            .hasValueSatisfying(v -> v.contains("gateway-limited"));
      }
      var refused = send("GET", "/services/limited/x", alice, null);
      assertProblem(refused, 429, "/services/limited/x");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.body()).contains("gateway-limited");
      assertThat(upstream.received).hasSize(3);
      // another caller has a quota of its own
      assertThat(send("GET", "/services/limited/x", operator, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void targetsShareRequestsByWeightAndFailuresNameTheRoute() {
    try (var heavy = new TestUpstream("heavy");
        var light = new TestUpstream("light")) {
      route(
          "weighted",
          "{\"name\":\"weighted\",\"prefix\":\"/services/weighted\",\"targets\":[{\"url\":\""
              + heavy.url()
              + "\",\"weight\":3},{\"url\":\""
              + light.url()
              + "\",\"weight\":1}]}");
      for (int i = 0; i < 40; i++) {
        assertThat(send("GET", "/services/weighted/x", alice, null).statusCode()).isEqualTo(200);
      }
      assertThat(heavy.received).hasSize(30);
      assertThat(light.received).hasSize(10);
      // another Backplane deployment's gateway before this one is no loop
      var chained =
          api()
              .send(
                  api()
                      .request("/services/weighted/x")
                      .header("Authorization", "Bearer " + alice)
                      .header("Via", "1.1 backplane, 1.1 backplane-0123456789ab")
                      .GET());
      assertThat(chained.statusCode()).as(chained.body()).isEqualTo(200);

      // nothing listens: 502 naming the route
      int closedPort = heavy.port();
      heavy.close();
      route(
          "nowhere",
          "{\"name\":\"nowhere\",\"prefix\":\"/services/nowhere\",\"targets\":[{\"url\":"
              + "\"http://127.0.0.1:"
              + closedPort
              + "\"}]}");
      var unreachable = send("GET", "/services/nowhere/x", alice, null);
      assertProblem(unreachable, 502, "/services/nowhere/x");
      assertThat(unreachable.body()).contains("nowhere");
      // a target slower than the route's response timeout: 504
      light.delayMillis = 2000;
      route(
          "slow",
          "{\"name\":\"slow\",\"prefix\":\"/services/slow\",\"responseTimeoutMs\":300,"
              + "\"targets\":[{\"url\":\""
              + light.url()
              + "\"}]}");
      var slow = send("GET", "/services/slow/x", alice, null);
      assertProblem(slow, 504, "/services/slow/x");
      assertThat(slow.body()).contains("slow").contains("300 ms");
      // a target that leads back to the gateway
      route(
          "loop",
          "{\"name\":\"loop\",\"prefix\":\"/services/loop\",\"access\":\"anyone\",\"targets\":"
              + "[{\"url\":\""
              + base.toString().replaceAll("/$", "")
              + "\"}],\"stripPrefix\":false}");
      assertProblem(send("GET", "/services/loop/x", alice, null), 508, "/services/loop/x");
    }
  }

  @Test
  void theStatusReportCountsARoutesRequestsErrorsAndLatencyAndShowsItsTargets() {
    try (var counted = new TestUpstream("counted")) {
      route(
          "counted",
          "{\"name\":\"counted\",\"prefix\":\"/services/counted\",\"targets\":[{\"url\":\""
              + counted.url()
              + "\",\"weight\":2}]}");
      for (int i = 0; i < 7; i++) {
        send("GET", "/services/counted/x", alice, null);
      }
      counted.status = 500;
      send("GET", "/services/counted/x", alice, null);
      send("GET", "/services/counted/x", null, null);
      assertThat(send("GET", "/api/v1/admin/route-status", alice, null).statusCode())
          .isEqualTo(403);
      assertThat(send("GET", "/api/v1/admin/route-status", null, null).statusCode()).isEqualTo(401);
      var report = send("GET", "/api/v1/admin/route-status", operator, null);
      assertThat(report.statusCode()).isEqualTo(200);
      var status =
          jakarta.json.Json.createReader(new java.io.StringReader(report.body()))
              .readArray()
              .getValuesAs(jakarta.json.JsonObject.class)
              .stream()
              .filter(r -> r.getString("name").equals("counted"))
              .findFirst()
              .orElseThrow();
      assertThat(status.getInt("requests")).isEqualTo(9);
      assertThat(status.getInt("errors")).isEqualTo(1);
      assertThat(status.getJsonNumber("p99Ms").doubleValue()).isPositive();
      assertThat(status.getJsonArray("minutes")).hasSize(15);
      var target = status.getJsonArray("targets").getJsonObject(0);
      assertThat(target.getString("url")).isEqualTo(counted.url());
      assertThat(target.getInt("weight")).isEqualTo(2);
      assertThat(target.getInt("instances")).isEqualTo(1);
      assertThat(target.getInt("healthy")).isEqualTo(1);
    }
  }

  @Test
  void keptAnswersAreServedWithoutReachingTheTargetUntilTheirTimeToLive() {
    try (var upstream = new TestUpstream("kept")) {
      route(
          "kept",
          "{\"name\":\"kept\",\"prefix\":\"/services/kept\",\"cache\":{\"ttlSeconds\":2},"
              + "\"targets\":[{\"url\":\""
              + upstream.url()
              + "\"}]}");
      var first = send("GET", "/services/kept/a?x=1", alice, null);
      assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
      var second = send("GET", "/services/kept/a?x=1", alice, null);
      assertThat(second.body()).isEqualTo("kept GET /a?x=1");
      assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
      assertThat(second.headers().firstValue("Age")).isPresent();
      assertThat(second.headers().firstValue("X-Upstream")).hasValue("kept");
      assertThat(upstream.count("GET")).isEqualTo(1);
      // a HEAD is served from the kept GET
      assertThat(send("HEAD", "/services/kept/a?x=1", alice, null).headers().firstValue("X-Cache"))
          .hasValue("HIT");
      // another query, another caller (answers per caller by default), a caller asking for a
      // fresh answer: each reaches the target
      send("GET", "/services/kept/a?x=2", alice, null);
      send("GET", "/services/kept/a?x=1", operator, null);
      var fresh =
          api()
              .send(
                  api()
                      .request("/services/kept/a?x=1")
                      .header("Authorization", "Bearer " + alice)
                      .header("Cache-Control", "no-cache")
                      .GET());
      assertThat(fresh.headers().firstValue("X-Cache")).hasValue("MISS");
      assertThat(upstream.count("GET")).isEqualTo(4);
      // past its time to live, the target is asked again
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  send("GET", "/services/kept/a?x=2", alice, null)
                      .headers()
                      .firstValue("X-Cache")
                      .orElse("")
                      .equals("MISS"));
      // what the target says must not be kept is not
      upstream.cacheControl = "no-store";
      send("GET", "/services/kept/b", alice, null);
      assertThat(send("GET", "/services/kept/b", alice, null).headers().firstValue("X-Cache"))
          .hasValue("MISS");
      // shared among callers when the route says so
      upstream.cacheControl = null;
      route(
          "kept",
          "{\"name\":\"kept\",\"prefix\":\"/services/kept\",\"cache\":{\"ttlSeconds\":60,"
              + "\"perCaller\":false},\"targets\":[{\"url\":\""
              + upstream.url()
              + "\"}]}");
      send("GET", "/services/kept/shared", alice, null);
      assertThat(
              send("GET", "/services/kept/shared", operator, null).headers().firstValue("X-Cache"))
          .hasValue("HIT");
      // the hit ratio shows in the caches
      var caches = send("GET", "/api/v1/admin/caches", operator, null);
      assertThat(caches.body()).contains("gateway-responses");
    }
  }

  @Test
  void aTargetKilledUnderLoadCostsNoGetAndNoPostIsSentTwice() throws Exception {
    var survivor = new TestUpstream("survivor");
    var victim = new TestUpstream("victim");
    try (survivor) {
      route(
          "resilient",
          "{\"name\":\"resilient\",\"prefix\":\"/services/resilient\",\"targets\":[{\"url\":\""
              + survivor.url()
              + "\"},{\"url\":\""
              + victim.url()
              + "\"}]}");
      var failedGets = new AtomicInteger();
      var posts = new AtomicInteger();
      var stop = new AtomicBoolean();
      ExecutorService callers = Executors.newFixedThreadPool(4);
      var work = new ArrayList<Future<?>>();
      for (int c = 0; c < 4; c++) {
        int caller = c;
        work.add(
            callers.submit(
                () -> {
                  int i = 0;
                  while (!stop.get()) {
                    if (caller == 0) {
                      send(
                          "POST",
                          "/services/resilient/orders?n=" + posts.incrementAndGet(),
                          alice,
                          "{}");
                    } else if (send("GET", "/services/resilient/x", alice, null).statusCode()
                        != 200) {
                      failedGets.incrementAndGet();
                    }
                    i++;
                  }
                  return i;
                }));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> victim.count("GET") >= 50);
      victim.close();
      long afterKill = survivor.count("GET");
      await().atMost(Duration.ofSeconds(20)).until(() -> survivor.count("GET") >= afterKill + 300);
      stop.set(true);
      for (var future : work) {
        future.get();
      }
      callers.shutdown();
      assertThat(failedGets).hasValue(0);
      var numbers = new HashSet<String>();
      for (var upstream : List.of(survivor, victim)) {
        for (var received : upstream.received) {
          if (received.method().equals("POST")) {
            assertThat(numbers.add(received.uri())).as("sent twice: " + received.uri()).isTrue();
          }
        }
      }
      assertThat(numbers.size()).isGreaterThan(10);
    } finally {
      victim.close();
    }
  }

  @Test
  void aFailingTargetOpensItsCircuitAndClosesItWhenItRecovers() {
    try (var flaky = new TestUpstream("flaky")) {
      route(
          "flaky",
          "{\"name\":\"flaky\",\"prefix\":\"/services/flaky\",\"targets\":[{\"url\":\""
              + flaky.url()
              + "\"}]}");
      flaky.status = 503;
      for (int i = 0; i < 5; i++) {
        assertThat(send("GET", "/services/flaky/x", alice, null).statusCode()).isEqualTo(503);
      }
      int reached = flaky.received.size();
      // open: refused without reaching the target, naming the route
      var open = send("GET", "/services/flaky/x", alice, null);
      assertProblem(open, 503, "/services/flaky/x");
      assertThat(open.body()).contains("flaky");
      assertThat(open.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(flaky.received).hasSize(reached);
      // recovered: after the open wait (a second here), two trial requests close it again
      flaky.status = 0;
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> send("GET", "/services/flaky/x", alice, null).statusCode() == 200);
      for (int i = 0; i < 10; i++) {
        assertThat(send("GET", "/services/flaky/x", alice, null).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void aTargetFailingItsHealthCheckGetsNoRequestsUntilItPassesAgain() {
    try (var sick = new TestUpstream("sick");
        var well = new TestUpstream("well")) {
      route(
          "checked",
          "{\"name\":\"checked\",\"prefix\":\"/services/checked\",\"healthCheck\":{\"path\":"
              + "\"/health\",\"intervalSeconds\":1},\"targets\":[{\"url\":\""
              + sick.url()
              + "\"},{\"url\":\""
              + well.url()
              + "\"}]}");
      sick.healthStatus = 500;
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                int before = sick.received.size();
                for (int i = 0; i < 6; i++) {
                  assertThat(send("GET", "/services/checked/x", alice, null).statusCode())
                      .isEqualTo(200);
                }
                assertThat(sick.received).hasSize(before);
              });
      sick.healthStatus = 200;
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                int before = sick.received.size();
                send("GET", "/services/checked/x", alice, null);
                send("GET", "/services/checked/x", alice, null);
                return sick.received.size() > before;
              });
    }
  }

  @Test
  void twoHundredMegabytesStreamBothWaysWithoutBeingHeldWhole() throws Exception {
    long size = 200L * 1024 * 1024;
    try (var files = new TestUpstream("files")) {
      route(
          "files",
          "{\"name\":\"files\",\"prefix\":\"/services/files\",\"targets\":[{\"url\":\""
              + files.url()
              + "\"}]}");
      // the target sends its first megabyte, then waits until the caller has it: a gateway that
      // held the answer whole would wait forever
      files.downloadGate = new CountDownLatch(1);
      var download =
          api()
              .client()
              .send(
                  api()
                      .request("/services/files/download/" + size)
                      .header("Authorization", "Bearer " + alice)
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(size);
      long read;
      try (var body = download.body()) {
        read = body.readNBytes(1024 * 1024).length;
        files.downloadGate.countDown();
        read += drain(body);
      }
      assertThat(read).isEqualTo(size);

      // the caller sends its first megabyte, then waits until the target has begun reading
      var started = new CountDownLatch(1);
      var upload =
          api()
              .send(
                  api()
                      .request("/services/files/upload")
                      .header("Authorization", "Bearer " + alice)
                      .header("Content-Type", "application/octet-stream")
                      .POST(
                          HttpRequest.BodyPublishers.fromPublisher(
                              HttpRequest.BodyPublishers.ofInputStream(
                                  () -> new PausingBody(size, started, files)),
                              size)));
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
      assertThat(upload.body()).isEqualTo(Long.toString(size));
    }
  }

  @Test
  void aBodyLargerThanTheRouteTakesIsRefusedAndNeverArrivesWhole() {
    int mebibyte = 1024 * 1024;
    try (var small = new TestUpstream("small")) {
      route(
          "small",
          "{\"name\":\"small\",\"prefix\":\"/services/small\",\"maxBodyMegabytes\":1,"
              + "\"targets\":[{\"url\":\""
              + small.url()
              + "\"}]}");
      // its length said: refused before any target is asked
      var declared = upload("/services/small/upload", new byte[2 * mebibyte], true);
      assertProblem(declared, 413, "/services/small/upload");
      assertThat(declared.body()).contains("small").contains("1 MiB");
      // of unknown length (chunked): stopped where it passes the limit, the target never gets it
      // whole, and the caller is told the same
      var chunked = upload("/services/small/upload", new byte[2 * mebibyte], false);
      assertProblem(chunked, 413, "/services/small/upload");
      assertThat(small.count("POST")).isZero();
      // up to the limit, both ways
      assertThat(upload("/services/small/upload", new byte[mebibyte], true).body())
          .isEqualTo(Integer.toString(mebibyte));
      assertThat(upload("/services/small/upload", new byte[mebibyte], false).body())
          .isEqualTo(Integer.toString(mebibyte));
      // a caller who goes away mid-body: the target gets no request, not a shorter body as one
      int before = requestsOf("small");
      try (var socket = new Socket(base.getHost(), base.getPort())) {
        var out = socket.getOutputStream();
        out.write(
            ("POST /services/small/upload HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + alice
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[0x1000]);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> requestsOf("small") > before);
      assertThat(small.count("POST")).as("the two whole uploads only").isEqualTo(2);
      // the limit is the caller's doing: the target's circuit stays closed
      var status = send("GET", "/api/v1/admin/route-status", admin, null).body();
      assertThat(status).contains("\"small\"").doesNotContain("\"circuit\":\"open\"");
    }
    var refused =
        send(
            "POST",
            ROUTES,
            admin,
            "{\"name\":\"huge\",\"prefix\":\"/services/huge\",\"maxBodyMegabytes\":0,"
                + "\"targets\":[{\"url\":\"http://127.0.0.1:9\"}]}");
    assertProblem(refused, 400, ROUTES);
    assertThat(refused.body()).contains("\"field\":\"maxBodyMegabytes\"");
  }

  /** The requests the status report counts for this route. */
  private int requestsOf(String route) {
    var report = send("GET", "/api/v1/admin/route-status", operator, null).body();
    return jakarta.json.Json.createReader(new java.io.StringReader(report))
        .readArray()
        .getValuesAs(jakarta.json.JsonObject.class)
        .stream()
        .filter(r -> r.getString("name").equals(route))
        .mapToInt(r -> r.getInt("requests"))
        .sum();
  }

  /** A POST of these bytes, with their length said or chunked. */
  private HttpResponse<String> upload(String path, byte[] body, boolean lengthSaid) {
    var publisher =
        lengthSaid
            ? HttpRequest.BodyPublishers.ofByteArray(body)
            : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    return api()
        .send(
            api()
                .request(path)
                .header("Authorization", "Bearer " + alice)
                .header("Content-Type", "application/octet-stream")
                .POST(publisher));
  }

  private static long drain(InputStream body) throws IOException {
    var buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = body.read(buffer)) >= 0) {
      total += n;
    }
    return total;
  }

  /** Zeros; after the first megabyte, waits until the upstream has begun to receive them. */
  private static final class PausingBody extends InputStream {
    private final long size;
    private final CountDownLatch started;
    private final TestUpstream upstream;
    private long given;

    PausingBody(long size, CountDownLatch started, TestUpstream upstream) {
      this.size = size;
      this.started = started;
      this.upstream = upstream;
    }

    @Override
    public int read() {
      var one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (given >= size) {
        return -1;
      }
      if (given >= 1024 * 1024 && started.getCount() > 0) {
        await().atMost(Duration.ofSeconds(30)).until(upstream::uploadBegun);
        started.countDown();
      }
      int n = (int) Math.min(length, size - given);
      java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
      given += n;
      return n;
    }
  }
}
