package dev.backplane.api.problem.boundary;

import dev.backplane.api.problem.entity.Problem;
import jakarta.ws.rs.core.Response;

/** A problem as a JAX-RS response. */
final class ProblemResponses {

  private ProblemResponses() {}

  static Response.ResponseBuilder of(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
  }
}
