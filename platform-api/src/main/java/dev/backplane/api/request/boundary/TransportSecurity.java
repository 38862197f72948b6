package dev.backplane.api.request.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HSTS: every answer over HTTPS tells browsers to reach this host over HTTPS only, for {@code
 * backplane.https.hsts-seconds} (a year; the launcher says five minutes on localhost, where a
 * browser would apply it to every port). A load balancer that ends TLS adds it itself.
 */
public class TransportSecurity extends HttpFilter {

  static final String HEADER = "Strict-Transport-Security";

  @Inject
  @ConfigProperty(name = "backplane.https.hsts-seconds", defaultValue = "31536000")
  long seconds;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.isSecure()) {
      response.setHeader(HEADER, "max-age=" + seconds);
    }
    chain.doFilter(request, response);
  }
}
