package dev.backplane.api.problem.boundary;

import dev.backplane.api.problem.control.Problems;
import dev.backplane.api.problem.entity.Problem;
import dev.backplane.api.request.boundary.RequestIdFilter;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page of the web container (see web.xml): errors that never reach JAX-RS, such as an
 * unknown path outside the API or a token refused by the security layer, get problem details too.
 */
@WebServlet("/_error")
public class ContainerErrorServlet extends HttpServlet {

  private static final Jsonb JSONB = JsonbBuilder.create();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    var code = (Integer) request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code == null ? 404 : code;
    if (status == 401) {
      response.setHeader("WWW-Authenticate", Problems.bearerChallenge(request));
    }
    var problem = Problems.of(status, null, request);
    // the security layer may refuse a request before the request id filter has run
    response.setHeader(RequestIdFilter.HEADER, problem.requestId());
    response.setStatus(status);
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(JSONB.toJson(problem));
  }
}
