package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.greenbytes.http.sfv.IntegerItem;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.StringItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rate-limit policies on the platform's real Keycloak and instance: their admin API (roles,
 * validation, audit), their enforcement (headers as structured fields, 429 with the violated
 * policies, edits in force at once), the default policy for anonymous calls, usage and metrics.
 */
@ExtendWith(RunningBackplane.class)
class RateLimitsSystemIT {

  private static final String POLICIES = "/api/v1/admin/rate-limit-policies";

  private TestPorts ports;
  private String admin;
  private String operator;
  private String alice;
  private final List<String> created = new ArrayList<>();

  @BeforeEach
  void tokens(TestPorts ports) {
    this.ports = ports;
    var keycloak = new Keycloak(ports);
    admin = keycloak.token("backplane", "admin", "admin");
    operator = keycloak.token("backplane", "operator", "operator");
    alice = keycloak.token("backplane", "alice", "alice");
  }

  /** The policies a test created go, so that no other test is limited by them. */
  @AfterEach
  void deleteCreated() {
    for (var id : created) {
      Http.send("DELETE", url(POLICIES + "/" + id), admin, null);
    }
  }

  @Test
  void badInputNamesItsFieldsAndChangesNothing() {
    var before = Http.get(url(POLICIES), operator).body();

    var invalid =
        Http.send(
            "POST",
            url(POLICIES),
            admin,
            """
            {"name":"Not A Name","quota":0,"windowSeconds":60,"algorithm":"leaky-bucket",
             "partitionBy":"ip","appliesTo":{"paths":["api/v1"],"methods":["FETCH"]},
             "mode":"eventual"}""");
    var between =
        Http.send(
            "POST",
            url(POLICIES),
            admin,
            """
            {"name":"between","quota":5,"windowSeconds":60,"algorithm":"fixed-window",
             "partitionBy":"claim","appliesTo":{"paths":["/api/v1/us**"],
             "callers":"anonymous","roles":["api-user"]}}""");

    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(fields(invalid))
        .containsOnlyKeys(
            "name", "quota", "algorithm", "appliesTo.paths[0]", "appliesTo.methods[0]", "mode");
    assertThat(fields(invalid).get("algorithm"))
        .isEqualTo("must be fixed-window, sliding-window or token-bucket");
    assertThat(between.statusCode()).isEqualTo(400);
    assertThat(fields(between))
        .containsOnlyKeys("claim", "partitionBy", "appliesTo.roles", "appliesTo.paths[0]");
    assertThat(Http.get(url(POLICIES), operator).body()).isEqualTo(before);

    var name = unique("twice");
    create(alicePolicy(name, 10, 60, "fixed-window"));
    var duplicate =
        Http.send("POST", url(POLICIES), admin, alicePolicy(name, 10, 60, "fixed-window"));
    assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(409);
    assertThat(json(duplicate).getString("detail")).contains(name);
    var missing =
        Http.send(
            "PUT", url(POLICIES + "/999999999"), admin, alicePolicy("x", 1, 1, "fixed-window"));
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void everyWriteIsAuditedWithBeforeAndAfter() {
    var name = unique("audited");
    var id = create(alicePolicy(name, 10, 60, "fixed-window"));
    var updated =
        Http.send(
            "PUT", url(POLICIES + "/" + id), admin, alicePolicy(name, 20, 60, "fixed-window"));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(Http.send("DELETE", url(POLICIES + "/" + id), admin, null).statusCode())
        .isEqualTo(204);
    created.remove(id);

    var audit =
        Http.get(url("/api/v1/admin/audit?targetType=rate-limit-policy&targetId=" + id), operator);
    var events = json(audit).getJsonArray("items").getValuesAs(JsonObject.class);

    assertThat(events)
        .extracting(e -> e.getString("action"))
        .containsExactly(
            "rate-limit-policy.delete", "rate-limit-policy.update", "rate-limit-policy.create");
    assertThat(events).allMatch(e -> e.getString("actor").equals("admin"));
    assertThat(events).allMatch(e -> e.getString("targetName").equals(name));
    var update = events.get(1);
    assertThat(update.getJsonObject("before").getInt("quota")).isEqualTo(10);
    assertThat(update.getJsonObject("after").getInt("quota")).isEqualTo(20);
    assertThat(events.get(0).getJsonObject("before").getString("name")).isEqualTo(name);
  }

  @Test
  void policiesRefuseBeyondTheirQuotaAndEveryResponseSaysWhatIsLeft() {
    var burst = unique("burst");
    var daily = unique("daily");
    var burstId = create(alicePolicy(burst, 3, 3600, "sliding-window"));
    create(alicePolicy(daily, 5, 86400, "sliding-window"));

    for (int n = 1; n <= 3; n++) {
      var response = Http.get(url("/api/v1/me"), alice);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(quotas(response))
          .containsEntry(burst, List.of(3L, 3600L))
          .containsEntry(daily, List.of(5L, 86400L));
      assertThat(remaining(response)).containsEntry(burst, 3L - n).containsEntry(daily, 5L - n);
    }
    // the burst is used up; the daily quota counts this request too
    var refused = Http.get(url("/api/v1/me"), alice);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    var problem = json(refused);
    assertThat(problem.getString("type"))
        .isEqualTo("https://backplane.dev/problems/quota-exceeded");
    assertThat(problem.getJsonArray("violated-policies").getString(0)).isEqualTo(burst);
    assertThat(problem.getJsonArray("violated-policies")).hasSize(1);
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    // a sliding window may need the next window's start and part of it: less than two windows
    assertThat(retryAfter).isBetween(1L, 2 * 3600L);
    assertThat(remaining(refused)).containsEntry(burst, 0L).containsEntry(daily, 1L);

    // an edit is in force at once: a larger burst lets the next request through
    var edited =
        Http.send(
            "PUT",
            url(POLICIES + "/" + burstId),
            admin,
            alicePolicy(burst, 10, 3600, "sliding-window"));
    assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
    var admitted = Http.get(url("/api/v1/me"), alice);
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);
    assertThat(quotas(admitted)).containsEntry(burst, List.of(10L, 3600L));
    assertThat(remaining(admitted)).containsEntry(daily, 0L);

    var exhausted = Http.get(url("/api/v1/me"), alice);
    assertThat(exhausted.statusCode()).isEqualTo(429);
    assertThat(json(exhausted).getJsonArray("violated-policies").getString(0)).isEqualTo(daily);
  }

  @Test
  void anonymousCallsAreLimitedByAddressAndHealthAndMetricsAreExempt() {
    var anonymous = Http.get(url("/api/v1/me"));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(quotas(anonymous)).containsKey("anonymous");
    for (var path : List.of("/health/ready", "/health/live", "/metrics")) {
      var exempt = Http.get(url(path));
      assertThat(exempt.statusCode()).as(path).isEqualTo(200);
      assertThat(exempt.headers().firstValue("RateLimit")).as(path).isEmpty();
      assertThat(exempt.headers().firstValue("RateLimit-Policy")).as(path).isEmpty();
    }
  }

  @Test
  void usageAndMetricsShowWhatThePoliciesDecided() {
    var name = unique("usage");
    create(alicePolicy(name, 2, 3600, "fixed-window"));
    var subject = json(Http.get(url("/api/v1/me"), alice)).getString("subject");
    for (int n = 0; n < 3; n++) {
      Http.get(url("/api/v1/me"), alice);
    }

    var report = json(Http.get(url("/api/v1/admin/rate-limits/usage"), operator));
    var usage =
        report.getJsonArray("policies").getValuesAs(JsonObject.class).stream()
            .filter(p -> p.getString("name").equals(name))
            .findFirst()
            .orElseThrow();

    assertThat(usage.getInt("allowed")).isEqualTo(2);
    assertThat(usage.getInt("refused")).isEqualTo(2);
    assertThat(usage.getJsonArray("perMinute")).hasSize(15);
    var busiest = usage.getJsonArray("busiest").getJsonObject(0);
    assertThat(busiest.getString("partition")).isEqualTo(subject);
    // a subject is shown by its user name (from Keycloak), with its id to link to
    assertThat(busiest.getString("name")).isEqualTo("alice");
    assertThat(busiest.getString("userId")).isEqualTo(subject);
    assertThat(busiest.getInt("requests")).isEqualTo(4);
    assertThat(busiest.getInt("used")).isEqualTo(2);
    assertThat(busiest.getInt("remaining")).isZero();

    var metrics = Http.get(url("/metrics")).body();
    assertThat(metric(metrics, name, "allowed")).isEqualTo(2.0);
    assertThat(metric(metrics, name, "refused")).isEqualTo(2.0);
  }

  /** A policy for alice alone (her subject, on her own profile), as JSON. */
  static String alicePolicy(String name, long quota, long windowSeconds, String algorithm) {
    return """
        {"name":"%s","quota":%d,"windowSeconds":%d,"algorithm":"%s","partitionBy":"subject",
         "appliesTo":{"paths":["/api/v1/me"],"methods":["GET"],"roles":["api-user"],
         "callers":"authenticated"}}"""
        .formatted(name, quota, windowSeconds, algorithm);
  }

  /** Each policy's q and w from RateLimit-Policy, parsed as a structured field. */
  static Map<String, List<Long>> quotas(HttpResponse<String> response) {
    var field = response.headers().firstValue("RateLimit-Policy").orElseThrow();
    var quotas = new HashMap<String, List<Long>>();
    for (var member : Parser.parseList(field).get()) {
      quotas.put(name(member), List.of(integer(member, "q"), integer(member, "w")));
    }
    return quotas;
  }

  /** Each policy's r from RateLimit, parsed as a structured field (t must be there too). */
  static Map<String, Long> remaining(HttpResponse<String> response) {
    var field = response.headers().firstValue("RateLimit").orElseThrow();
    var remaining = new HashMap<String, Long>();
    for (var member : Parser.parseList(field).get()) {
      assertThat(integer(member, "t")).isNotNegative();
      remaining.put(name(member), integer(member, "r"));
    }
    return remaining;
  }

  /** A policy's name: an sf-string. */
  private static String name(ListElement<?> member) {
    assertThat(member).isInstanceOf(StringItem.class);
    return ((StringItem) member).get();
  }

  /** An integer parameter of a list member. */
  private static long integer(ListElement<?> member, String parameter) {
    assertThat(member.getParams().get(parameter))
        .as(parameter + " of " + member.serialize())
        .isInstanceOf(IntegerItem.class);
    return ((IntegerItem) member.getParams().get(parameter)).get();
  }

  private static double metric(String metrics, String policy, String outcome) {
    for (var line : metrics.lines().toList()) {
      if (line.startsWith("backplane_rate_limit_requests_total{")
          && line.contains("policy=\"" + policy + "\"")
          && line.contains("outcome=\"" + outcome + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no metric for " + policy + " " + outcome + " in:\n" + metrics);
  }

  private String create(String body) {
    var response = Http.send("POST", url(POLICIES), admin, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    var id = Long.toString(json(response).getJsonNumber("id").longValue());
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith(POLICIES + "/" + id));
    created.add(id);
    return id;
  }

  private static Map<String, String> fields(HttpResponse<String> response) {
    var fields = new HashMap<String, String>();
    for (var error : json(response).getJsonArray("errors").getValuesAs(JsonObject.class)) {
      fields.put(error.getString("field"), error.getString("message"));
    }
    return fields;
  }

  private static final Pattern UNSAFE = Pattern.compile("[^a-z0-9-]");

  private static String unique(String prefix) {
    return UNSAFE.matcher(prefix + "-" + Long.toString(System.nanoTime(), 36)).replaceAll("");
  }

  private String url(String path) {
    return ports.publicUrl() + path;
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Keycloak.json(response.body());
  }
}
