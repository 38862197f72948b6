package dev.backplane.api.problem.boundary;

import static dev.backplane.api.testing.Responses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.TestIssuer;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest.BodyPublishers;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every error path of the API answers RFC 9457 problem+json, and never shows internals. */
@ExtendWith(ArquillianExtension.class)
class ProblemDetailsIT {

  static final TestIssuer ISSUER = new TestIssuer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.api(ISSUER.mpConfig())
        .addClass(ProbeResource.class)
        .addClass(ProbeResource.Signup.class);
  }

  @ArquillianResource URL base;

  ApiClient api() {
    return new ApiClient(base);
  }

  @Test
  void invalidBodyListsEveryFieldViolation() {
    var response =
        api()
            .send(
                api()
                    .request("/api/v1/probe")
                    .header("Content-Type", "application/json")
                    .POST(
                        BodyPublishers.ofString("{\"username\":\"\",\"email\":\"not-an-email\"}")));

    var problem = assertProblem(response, 400, "/api/v1/probe");
    assertThat(problem.getString("type")).isEqualTo("https://backplane.dev/problems/validation");
    var errors = problem.getJsonArray("errors").getValuesAs(JsonObject.class);
    assertThat(errors).extracting(e -> e.getString("field")).containsExactly("email", "username");
    assertThat(errors).allSatisfy(e -> assertThat(e.getString("message")).isNotBlank());
  }

  @Test
  void invalidQueryParameterIsNamed() {
    var response = api().get("/api/v1/probe?max=1000");

    var problem = assertProblem(response, 400, "/api/v1/probe");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("max");
  }

  @Test
  void malformedJsonIsABadRequest() {
    var response =
        api()
            .send(
                api()
                    .request("/api/v1/probe")
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{\"username\": ")));

    assertProblem(response, 400, "/api/v1/probe");
  }

  @Test
  void aBodyBeyondTheLimitIsTooLargeWhetherItsLengthIsSaidOrNot() {
    var body = "{\"username\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    var declared =
        api()
            .send(
                api()
                    .request("/api/v1/probe")
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(body)));
    var chunked =
        api()
            .send(
                api()
                    .request("/api/v1/probe")
                    .header("Content-Type", "application/json")
                    .POST(
                        BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(body.getBytes()))));

    for (var response : java.util.List.of(declared, chunked)) {
      var problem = assertProblem(response, 413, "/api/v1/probe");
      assertThat(problem.getString("detail")).contains("at most 1048576 bytes");
    }
  }

  @Test
  void aParameterOfTheWrongTypeIsABadRequestNamingIt() {
    var response = api().get("/api/v1/probe?max=many");

    var problem = assertProblem(response, 400, "/api/v1/probe");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("max");
  }

  @Test
  void unknownPathIsNotFound() {
    assertProblem(api().get("/api/v1/no-such-thing"), 404, "/api/v1/no-such-thing");
    assertProblem(api().get("/no-such-page"), 404, "/no-such-page");
  }

  @Test
  void wrongMethodIsNotAllowedAndSaysWhichAre() {
    var response = api().send(api().request("/api/v1/probe/failure").DELETE());

    assertProblem(response, 405, "/api/v1/probe/failure");
    assertThat(response.headers().firstValue("Allow"))
        .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
  }

  @Test
  void unacceptableMediaTypeIsNotAcceptable() {
    var response = api().send(api().request("/api/v1/probe").header("Accept", "text/html").GET());

    assertProblem(response, 406, "/api/v1/probe");
  }

  @Test
  void unsupportedBodyTypeIsUnsupportedMediaType() {
    var response =
        api()
            .send(
                api()
                    .request("/api/v1/probe")
                    .header("Content-Type", "text/plain")
                    .POST(BodyPublishers.ofString("hello")));

    assertProblem(response, 415, "/api/v1/probe");
  }

  @Test
  void unexpectedFailureHidesItsInternals() {
    var response = api().get("/api/v1/probe/failure");

    var problem = assertProblem(response, 500, "/api/v1/probe/failure");
    assertThat(response.body()).doesNotContain("secret internals").doesNotContain("jdbc");
    assertThat(problem.getString("detail")).contains("request id");
  }

  @Test
  void requestIdOfTheCallerIsKept() {
    var response =
        api().send(api().request("/api/v1/no-such-thing").header("X-Request-Id", "lb-1234").GET());

    assertThat(assertProblem(response, 404, "/api/v1/no-such-thing").getString("requestId"))
        .isEqualTo("lb-1234");
  }
}
