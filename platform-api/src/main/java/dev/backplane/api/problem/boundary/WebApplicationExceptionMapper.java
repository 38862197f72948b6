package dev.backplane.api.problem.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.regex.Pattern;

/**
 * HTTP errors raised by JAX-RS (404, 405, 406, 415...) or by our resources, as problem details. The
 * headers that belong to the status (Allow, WWW-Authenticate, Retry-After) are kept.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  // Jersey's own messages ("HTTP 404 Not Found") say nothing the status does not
  private static final Pattern GENERIC_MESSAGE = Pattern.compile("HTTP \\d{3} .*");
  private static final List<String> KEPT_HEADERS =
      List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER);

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(WebApplicationException exception) {
    var original = exception.getResponse();
    var message = exception.getMessage();
    var detail = message == null || GENERIC_MESSAGE.matcher(message).matches() ? null : message;
    var response = ProblemResponses.of(Problems.of(original.getStatus(), detail, request));
    if (original.getStatus() == 401
        && !original.getHeaders().containsKey(HttpHeaders.WWW_AUTHENTICATE)) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, Problems.bearerChallenge(request));
    }
    for (var header : KEPT_HEADERS) {
      var values = original.getHeaders().get(header);
      if (values != null) {
        values.forEach(value -> response.header(header, value));
      }
    }
    return response.build();
  }
}
