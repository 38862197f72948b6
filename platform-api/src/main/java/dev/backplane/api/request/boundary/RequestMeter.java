package dev.backplane.api.request.boundary;

import dev.backplane.api.request.control.RequestStatistics;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts every request of the API while it is in flight (a draining instance waits for them) and
 * measures those that are not health probes or metrics scrapes.
 */
public class RequestMeter extends HttpFilter {

  @Inject RequestStatistics statistics;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    statistics.started();
    int status = 500;
    try {
      chain.doFilter(request, response);
      status = response.getStatus();
    } finally {
      statistics.ended(System.nanoTime() - start, status, measured(request.getRequestURI()));
    }
  }

  private static boolean measured(String path) {
    return !path.startsWith("/health") && !path.startsWith("/metrics");
  }
}
