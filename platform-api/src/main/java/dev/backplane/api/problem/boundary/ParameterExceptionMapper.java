package dev.backplane.api.problem.boundary;

import dev.backplane.api.problem.entity.FieldViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.glassfish.jersey.server.ParamException;

/**
 * A parameter whose text cannot become the resource's type ({@code ?first=abc} for a number): 400
 * naming the parameter. JAX-RS itself answers such a query or path parameter with 404, which tells
 * a caller "nothing here" for what is a typo.
 */
@Provider
public class ParameterExceptionMapper implements ExceptionMapper<ParamException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(ParamException exception) {
    var name = exception.getParameterName();
    var violation =
        new FieldViolation(name == null || name.isEmpty() ? "request" : name, message(exception));
    return ProblemResponses.of(Problems.validation(List.of(violation), request)).build();
  }

  private static String message(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof NumberFormatException) {
        return "must be a whole number within range";
      }
    }
    return "is not a valid value";
  }
}
