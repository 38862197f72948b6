package dev.backplane.api.problem.boundary;

import dev.backplane.api.problem.entity.Problem;
import dev.backplane.api.requestid.boundary.RequestIdFilter;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a problem as the whole response, for the layers that answer before JAX-RS does (servlet
 * filters, the container's error page); JAX-RS answers through the exception mappers.
 */
public final class ProblemWriter {

  private static final Jsonb JSONB = JsonbBuilder.create();

  private ProblemWriter() {}

  public static void write(HttpServletResponse response, Problem problem) throws IOException {
    write(response, problem.status(), problem.requestId(), problem);
  }

  /** A problem of a kind of its own (a record with the problem's members and more). */
  public static void write(
      HttpServletResponse response, int status, String requestId, Object problem)
      throws IOException {
    // a layer before the request id filter may answer
    response.setHeader(RequestIdFilter.HEADER, requestId);
    response.setStatus(status);
    // JSON is UTF-8 (RFC 8259): no charset parameter, as the API's other problems
    response.setContentType(Problem.MEDIA_TYPE);
    var body = JSONB.toJson(problem).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
