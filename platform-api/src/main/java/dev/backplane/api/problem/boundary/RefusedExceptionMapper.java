package dev.backplane.api.problem.boundary;

import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.RefusedException;
import dev.backplane.api.problem.control.TooManyRequestsException;
import dev.backplane.api.problem.control.UnavailableException;
import dev.backplane.api.problem.entity.FieldViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** The refusals control code throws, as problem details with their status and detail. */
@Provider
public class RefusedExceptionMapper implements ExceptionMapper<RefusedException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(RefusedException refusal) {
    var problem = Problems.of(refusal.status(), refusal.getMessage(), request);
    if (refusal instanceof ConflictException conflict && conflict.violation().isPresent()) {
      var violation = conflict.violation().get();
      problem =
          Problems.withErrors(
              problem, List.of(new FieldViolation(violation.field(), violation.message())));
    }
    var response = ProblemResponses.of(problem);
    if (refusal.status() == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, Problems.bearerChallenge(request));
    }
    if (refusal instanceof UnavailableException unavailable) {
      response.header(HttpHeaders.RETRY_AFTER, unavailable.retryAfterSeconds());
    }
    if (refusal instanceof TooManyRequestsException tooMany) {
      response.header(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds());
    }
    return response.build();
  }
}
