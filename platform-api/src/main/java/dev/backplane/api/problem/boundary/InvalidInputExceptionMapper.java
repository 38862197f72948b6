package dev.backplane.api.problem.boundary;

import dev.backplane.api.problem.control.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Rules between fields that the input breaks: 400 with one entry per field. */
@Provider
public class InvalidInputExceptionMapper implements ExceptionMapper<InvalidInputException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(InvalidInputException exception) {
    return ProblemResponses.of(Problems.validation(exception.violations(), request)).build();
  }
}
