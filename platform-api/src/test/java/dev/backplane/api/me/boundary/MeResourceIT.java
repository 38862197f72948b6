package dev.backplane.api.me.boundary;

import static dev.backplane.api.testing.Responses.assertProblem;
import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.me.entity.Caller;
import dev.backplane.api.security.boundary.UnguardedResource;
import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.JsonString;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /api/v1/me on Payara Micro: who may call it, and what every refusal looks like. */
@ExtendWith(ArquillianExtension.class)
class MeResourceIT {

  static final TestIssuer ISSUER = new TestIssuer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.api(ISSUER.mpConfig())
        .addClass(UnguardedResource.class)
        .addPackages(true, MeResource.class.getPackage(), Caller.class.getPackage());
  }

  @ArquillianResource URL base;

  ApiClient api() {
    return new ApiClient(base);
  }

  @Test
  void adminGetsItsIdentity() {
    var response =
        api().get("/api/v1/me", ISSUER.token("admin", "platform-admin", "offline_access"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    var me = json(response);
    assertThat(me.getString("username")).isEqualTo("admin");
    assertThat(me.getString("subject")).isEqualTo(ISSUER.claims("admin").build().getSubject());
    assertThat(me.getString("client")).isEqualTo(TestIssuer.CLIENT);
    assertThat(me.getJsonArray("roles").getValuesAs(JsonString::getString))
        .containsExactly("platform-admin");
  }

  @Test
  void operatorAndApiUserAreAllowed() {
    assertThat(api().get("/api/v1/me", ISSUER.token("operator", "platform-operator")).statusCode())
        .isEqualTo(200);
    var alice = api().get("/api/v1/me", ISSUER.token("alice", "api-user"));
    assertThat(alice.statusCode()).isEqualTo(200);
    assertThat(json(alice).getJsonArray("roles").getString(0)).isEqualTo("api-user");
  }

  @Test
  void tokenWithoutAPlatformRoleIsForbidden() {
    var response = api().get("/api/v1/me", ISSUER.token("bob", "offline_access"));

    assertProblem(response, 403, "/api/v1/me");
  }

  @Test
  void missingTokenIsUnauthorizedWithABearerChallenge() {
    var response = api().get("/api/v1/me");

    assertProblem(response, 401, "/api/v1/me");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"backplane\"");
    assertThat(json(response).getString("detail")).contains("needs a bearer token");
  }

  @Test
  void tokenFromAnotherIssuerIsRefused() {
    var claims =
        ISSUER
            .claims("admin", "platform-admin")
            .issuer("http://127.0.0.1:1/realms/intruder")
            .build();

    assertRefusedToken(api().get("/api/v1/me", ISSUER.sign(claims)));
  }

  @Test
  void tokenForAnotherAudienceIsRefused() {
    var claims = ISSUER.claims("admin", "platform-admin").audience("some-other-api").build();

    assertRefusedToken(api().get("/api/v1/me", ISSUER.sign(claims)));
  }

  @Test
  void expiredTokenIsRefused() {
    var longAgo = Instant.now().minus(Duration.ofHours(2));
    var claims =
        ISSUER
            .claims("admin", "platform-admin")
            .issueTime(Date.from(longAgo))
            .expirationTime(Date.from(longAgo.plus(Duration.ofMinutes(5))))
            .build();

    assertRefusedToken(api().get("/api/v1/me", ISSUER.sign(claims)));
  }

  @Test
  void tamperedTokenIsRefused() {
    assertRefusedToken(api().get("/api/v1/me", ISSUER.tampered("alice", "platform-admin")));
  }

  @Test
  void unsignedTokenIsRefused() {
    var claims = ISSUER.claims("admin", "platform-admin").build();

    assertRefusedToken(api().get("/api/v1/me", ISSUER.unsigned(claims)));
  }

  @Test
  void tokenSignedByAnUnpublishedKeyIsRefused() {
    var claims = ISSUER.claims("admin", "platform-admin").build();

    assertRefusedToken(api().get("/api/v1/me", ISSUER.signedByStranger(claims)));
  }

  @Test
  void resourceWithoutARoleRuleIsDeniedEvenToAnAdministrator() {
    var response = api().get("/api/v1/unguarded", ISSUER.token("admin", "platform-admin"));

    assertProblem(response, 403, "/api/v1/unguarded");
  }

  @Test
  void openApiDocumentsTheEndpoint() {
    var response = api().get("/openapi");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("/api/v1/me").contains("bearer");
  }

  private static void assertRefusedToken(HttpResponse<String> response) {
    assertProblem(response, 401, "/api/v1/me");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"backplane\", error=\"invalid_token\"");
  }
}
