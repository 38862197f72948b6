package dev.backplane.api.problem.boundary;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the web container (see web.xml): errors that never reach JAX-RS, such as an
 * unknown path outside the API or a request the server refused itself, get problem details too.
 */
@WebServlet("/_error")
public class ContainerErrorServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    var code = (Integer) request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // asked for directly, it is an address like any unknown one
    int status = code == null ? 404 : code;
    if (status == 401) {
      response.setHeader("WWW-Authenticate", Problems.bearerChallenge(request));
    }
    ProblemWriter.write(response, Problems.of(status, null, request));
  }
}
