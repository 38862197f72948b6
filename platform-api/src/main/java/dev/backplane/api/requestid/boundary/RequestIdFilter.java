package dev.backplane.api.requestid.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token (a load
 * balancer's, say), else a new one. It is echoed in the response, in problem details and in logs.
 */
public class RequestIdFilter extends HttpFilter {

  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = RequestIdFilter.class.getName();
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader(HEADER, requestId(request));
    chain.doFilter(request, response);
  }

  /** A random UUID; request ids need to be unique, not unguessable, so no SecureRandom per call. */
  private static String newId() {
    var random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** The id of this request, assigned on first use (error pages may run without the filter). */
  public static String requestId(HttpServletRequest request) {
    var id = (String) request.getAttribute(ATTRIBUTE);
    if (id == null) {
      var offered = request.getHeader(HEADER);
      id = offered != null && SANE.matcher(offered).matches() ? offered : newId();
      request.setAttribute(ATTRIBUTE, id);
    }
    return id;
  }
}
