package dev.backplane.api.ratelimit.boundary;

import dev.backplane.api.problem.boundary.Problems;
import dev.backplane.api.problem.entity.Problem;
import dev.backplane.api.ratelimit.control.QuotaExceededException;
import dev.backplane.api.ratelimit.entity.QuotaExceeded;
import dev.backplane.api.requestid.boundary.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused request: 429 problem details naming the violated policies, with Retry-After. */
@Provider
public class QuotaExceededMapper implements ExceptionMapper<QuotaExceededException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(QuotaExceededException refused) {
    var problem = problem(refused, request);
    return Response.status(Response.Status.TOO_MANY_REQUESTS)
        .type(Problem.MEDIA_TYPE)
        .header(HttpHeaders.RETRY_AFTER, refused.retryAfterSeconds())
        .entity(problem)
        .build();
  }

  /** The problem details of a refusal (for the gateway too, which answers without JAX-RS). */
  public static QuotaExceeded problem(QuotaExceededException refused, HttpServletRequest request) {
    return new QuotaExceeded(
        QuotaExceeded.TYPE,
        Problems.title(429),
        429,
        refused.getMessage(),
        request.getRequestURI(),
        RequestIdFilter.requestId(request),
        refused.violated());
  }
}
