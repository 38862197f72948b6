package dev.backplane.api.problem.boundary;

import dev.backplane.api.requestid.boundary.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything else is our fault: logged in full, answered as a 500 that reveals no internals. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(Throwable exception) {
    LOG.log(
        Level.SEVERE,
        exception,
        () ->
            "Unexpected error in "
                + request.getMethod()
                + " "
                + request.getRequestURI()
                + " (request id "
                + RequestIdFilter.requestId(request)
                + ")");
    return ProblemResponses.of(Problems.of(500, null, request)).build();
  }
}
