package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RateLimitPolicies;
import dev.backplane.runtime.testing.RawHttp;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one caller can send, tried as an attacker would against the platform's real instance: bodies
 * and headers far beyond any need, other spellings of a limited path, bad tokens in a flood,
 * patterns that make regexes backtrack, Jersey's own extras and the reason phrases of refusals.
 */
@ExtendWith(RunningBackplane.class)
class HardeningSystemIT {

  private static final long SIXTY_MB = 60L * 1024 * 1024;

  private TestPorts ports;
  private String admin;
  private String alice;
  private RateLimitPolicies policies;

  @BeforeEach
  void tokens(TestPorts ports) {
    this.ports = ports;
    var keycloak = new Keycloak(ports);
    admin = keycloak.token("backplane", "admin", "admin");
    alice = keycloak.token("backplane", "alice", "alice");
    policies = new RateLimitPolicies(ports.publicUrl(), admin);
  }

  @AfterEach
  void deletePolicies() {
    policies.close();
  }

  @Test
  void aBodyBeyondTheLimitIs413AndTheInstanceGoesOn() throws Exception {
    var before = Http.get(url("/api/v1/users/me"), alice).body();
    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // once with its length said, once chunked (read until the limit, then refused)
    var declared =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> profileOf(SIXTY_MB)),
            SIXTY_MB + PROFILE_FRAME);
    var chunked = HttpRequest.BodyPublishers.ofInputStream(() -> profileOf(SIXTY_MB));
    for (var body : List.of(declared, chunked)) {
      var response =
          client.send(
              HttpRequest.newBuilder(URI.create(url("/api/v1/users/me")))
                  .header("Authorization", "Bearer " + alice)
                  .header("Content-Type", "application/json")
                  .expectContinue(true)
                  .timeout(Duration.ofSeconds(60))
                  .PUT(body)
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(Keycloak.json(response.body()).getString("detail")).contains("1048576 bytes");
    }

    // an upload's type (whose limit is 64 MiB) sent anywhere but an import gets the small limit
    var upload =
        client.send(
            HttpRequest.newBuilder(URI.create(url("/api/v1/users/me")))
                .header("Authorization", "Bearer " + alice)
                .header("Content-Type", "application/x-ndjson")
                .expectContinue(true)
                .timeout(Duration.ofSeconds(60))
                .PUT(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> profileOf(SIXTY_MB)),
                        SIXTY_MB + PROFILE_FRAME))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(413);

    assertThat(Http.get(url("/health/live")).statusCode()).isEqualTo(200);
    var after = Http.get(url("/api/v1/users/me"), alice);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo(before);
  }

  @Test
  void headersAndAddressesBeyondTheServersBoundsAreRefused() {
    var longHeader =
        RawHttp.send(ports.publicUrl(), "GET", "/api/v1/me", "X-Filler: " + "a".repeat(100_000));
    var longUrl =
        RawHttp.send(ports.publicUrl(), "GET", "/api/v1/me?filler=" + "a".repeat(100_000));

    assertThat(longHeader.status()).isBetween(400, 499);
    assertThat(longUrl.status()).isBetween(400, 499);
    assertThat(Http.get(url("/api/v1/me"), alice).statusCode()).isEqualTo(200);
  }

  @Test
  void everySpellingOfALimitedPathIsCountedAsThePathJaxRsRoutes() {
    policies.create(alicePolicy(RateLimitPolicies.unique("spelling"), "/api/v1/me", 2));
    for (int i = 0; i < 2; i++) {
      assertThat(Http.get(url("/api/v1/me"), alice).statusCode()).isEqualTo(200);
    }

    // the same resource, spelt otherwise, and HEAD which JAX-RS serves with GET
    for (var target : List.of("/api/v1/me", "/api/v1/me/", "/api/v1/me;x=1", "/api/v1/me;a=b/")) {
      var answer = RawHttp.send(ports.publicUrl(), "GET", target, "Authorization: Bearer " + alice);
      assertThat(answer.status()).as(target).isEqualTo(429);
    }
    var head =
        RawHttp.send(ports.publicUrl(), "HEAD", "/api/v1/me", "Authorization: Bearer " + alice);
    assertThat(head.status()).isEqualTo(429);
  }

  @Test
  void callsWithABadTokenAreCountedByPoliciesForAnonymousCallers() {
    var name = RateLimitPolicies.unique("bad-tokens");
    policies.create(
        """
        {"name":"%s","quota":3,"windowSeconds":3600,"algorithm":"fixed-window","partitionBy":"ip",
         "appliesTo":{"paths":["/api/v1/admin/caches"],"callers":"anonymous"}}"""
            .formatted(name));

    for (int i = 0; i < 3; i++) {
      var refused = Http.get(url("/api/v1/admin/caches"), "not-a-token-" + i);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
      assertThat(refused.headers().firstValue("RateLimit-Policy"))
          .hasValueSatisfying(h -> assertThat(h).contains(name));
    }
    var flooding = Http.get(url("/api/v1/admin/caches"), "not-a-token-either");

    assertThat(flooding.statusCode()).isEqualTo(429);
    // a caller with a good token is not anonymous: the policy does not apply to it
    assertThat(Http.get(url("/api/v1/admin/caches"), admin).statusCode()).isEqualTo(200);
  }

  @Test
  void aPatternThatWouldMakeARegexBacktrackCostsNothing() {
    policies.create(
        alicePolicy(RateLimitPolicies.unique("backtrack"), "/api/v1/users/*-*-*-*-*/roles", 1000));

    // seconds, even hours, of CPU per request for a backtracking matcher
    var answer =
        RawHttp.send(
            ports.publicUrl(),
            "GET",
            "/api/v1/users/" + "-".repeat(6_000) + "/role",
            "Authorization: Bearer " + alice);

    assertThat(answer.status()).isBetween(400, 499);
  }

  @Test
  void nothingOfJerseysOwnIsServedAnonymously() {
    var wadl = Http.get(url("/api/v1/application.wadl"));
    var options = RawHttp.send(ports.publicUrl(), "OPTIONS", "/api/v1/me");

    assertThat(wadl.statusCode()).isEqualTo(404);
    assertThat(wadl.body()).doesNotContain("<application").doesNotContain("wadl.dev");
    assertThat(options.status()).isEqualTo(200);
    assertThat(options.rest())
        .containsIgnoringCase("Allow: ")
        .doesNotContain("<")
        .doesNotContain("wadl.dev");
  }

  @Test
  void refusalsKeepTheirReasonPhrases() {
    policies.create(alicePolicy(RateLimitPolicies.unique("reason"), "/api/v1/users/me", 1));
    Http.get(url("/api/v1/users/me"), alice);

    var refused =
        RawHttp.send(
            ports.publicUrl(), "GET", "/api/v1/users/me", "Authorization: Bearer " + alice);
    var unauthorized = RawHttp.send(ports.publicUrl(), "GET", "/api/v1/me");

    assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 429 Too Many Requests");
    assertThat(unauthorized.statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
  }

  @Test
  void aCallersRequestIdIsKeptOnlyWhenItIsAShortTokenOfSafeCharacters() {
    var kept = RawHttp.send(ports.publicUrl(), "GET", "/api/v1/me", "X-Request-Id: lb-7f3a.9:2");
    var unsafe =
        RawHttp.send(ports.publicUrl(), "GET", "/api/v1/me", "X-Request-Id: <script>alert(1)");
    var tooLong =
        RawHttp.send(ports.publicUrl(), "GET", "/api/v1/me", "X-Request-Id: " + "a".repeat(65));

    assertThat(kept.rest()).contains("X-Request-Id: lb-7f3a.9:2").contains("\"lb-7f3a.9:2\"");
    for (var replaced : List.of(unsafe, tooLong)) {
      assertThat(replaced.rest())
          .doesNotContain("script")
          .doesNotContain("a".repeat(65))
          .containsPattern("X-Request-Id: [0-9a-f-]{36}");
    }
  }

  private String url(String path) {
    return ports.publicUrl() + path;
  }

  private static String alicePolicy(String name, String path, long quota) {
    return """
        {"name":"%s","quota":%d,"windowSeconds":3600,"algorithm":"fixed-window",
         "partitionBy":"subject","appliesTo":{"paths":["%s"],"roles":["api-user"]}}"""
        .formatted(name, quota, path);
  }

  private static final byte[] PROFILE_HEAD =
      "{\"email\":\"alice@example.com\",\"firstName\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PROFILE_TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);
  private static final long PROFILE_FRAME = PROFILE_HEAD.length + PROFILE_TAIL.length;

  /** A profile whose first name is {@code letters} long, made as it is read. */
  private static InputStream profileOf(long letters) {
    return new SequenceInputStream(
        Collections.enumeration(
            List.of(
                new ByteArrayInputStream(PROFILE_HEAD),
                new Letters(letters),
                new ByteArrayInputStream(PROFILE_TAIL))));
  }

  private static final class Letters extends InputStream {
    private long left;

    Letters(long count) {
      this.left = count;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return 'x';
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(length, left);
      java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
      left -= n;
      return n;
    }
  }
}
