package dev.backplane.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;

/** Reads and checks responses of the API. */
public final class Responses {

  private Responses() {}

  public static JsonObject json(HttpResponse<String> response) {
    try (var reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }

  /** An RFC 9457 problem of this status about this path, whose request id matches the header. */
  public static JsonObject assertProblem(
      HttpResponse<String> response, int status, String instance) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    var problem = json(response);
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(problem.getString("instance")).isEqualTo(instance);
    assertThat(problem.getString("requestId"))
        .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("dev.backplane")
        .doesNotContain("\tat ");
    return problem;
  }
}
