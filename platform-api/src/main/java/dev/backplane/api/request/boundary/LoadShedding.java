package dev.backplane.api.request.boundary;

import dev.backplane.api.problem.boundary.ProblemWriter;
import dev.backplane.api.problem.boundary.Problems;
import dev.backplane.api.request.control.ConcurrencyLimit;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The first of the API's own work on a request (mapped in web.xml, after its id and measurement):
 * beyond the instance's concurrency limit, a 503 with {@code Retry-After} within milliseconds
 * (HAProxy tries another instance for methods that change nothing). The HTTP layer has parsed the
 * request by then; its worker pool is the queue in front of this one (BENCHMARKS.md).
 */
public class LoadShedding extends HttpFilter {

  static final String DETAIL =
      "This instance is working on as many requests as it may at once; try again shortly.";

  @Inject ConcurrencyLimit limit;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!limit.tryAcquire()) {
      response.setHeader("Retry-After", "1");
      ProblemWriter.write(response, Problems.of(503, DETAIL, request));
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      limit.release();
    }
  }
}
