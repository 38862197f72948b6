package dev.backplane.api.ratelimit.boundary;

import dev.backplane.api.problem.control.UnavailableException;
import dev.backplane.api.ratelimit.control.Decision;
import dev.backplane.api.ratelimit.control.QuotaExceededException;
import dev.backplane.api.ratelimit.control.RateLimitHeaders;
import dev.backplane.api.ratelimit.control.RateLimitSettings;
import dev.backplane.api.ratelimit.control.RateLimiter;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.Collections;
import java.util.List;

/**
 * Rate limiting, after authentication (the servlet filter) and before the role rules, the refusal
 * of bad tokens and the resource: anonymous calls that will be refused 401 are counted too, by
 * address. It runs before JAX-RS matches a resource, so calls to unknown paths count as well, and
 * it sees the path as JAX-RS routes it, not as it was spelt: decoded, without matrix parameters or
 * empty segments ({@code /api/v1/me/}, {@code /api/v1/me;x=1} are {@code /api/v1/me}). Every
 * response to a request a policy counted carries the {@code RateLimit-Policy} and {@code RateLimit}
 * fields; a refused one is a 429 with {@code Retry-After} and the violated policies; when a policy
 * that fails closed cannot decide, a 503.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 500)
public class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String DECISION = Decision.class.getName();

  @Inject RateLimiter limiter;
  @Inject RateLimitSettings settings;
  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    var forwarded = servletRequest.getHeaders("X-Forwarded-For");
    var client =
        settings
            .trustedProxies()
            .client(
                servletRequest.getRemoteAddr(),
                forwarded == null ? List.of() : Collections.list(forwarded));
    var decision =
        limiter.decide(
            // the method the client sent: JAX-RS serves a HEAD with the GET resource method
            servletRequest.getMethod(),
            routedPath(request.getUriInfo()),
            BearerTokenFilter.token(servletRequest),
            client);
    if (decision.none()) {
      return;
    }
    request.setProperty(DECISION, decision);
    if (decision.refused()) {
      throw new QuotaExceededException(decision);
    }
    if (decision.unavailable()) {
      throw new UnavailableException(
          "The rate-limit counters cannot answer now and this API's policy refuses requests it"
              + " cannot count; try again shortly.",
          1);
    }
  }

  /** The request's path as JAX-RS matches it against the resources. */
  static String routedPath(UriInfo uri) {
    var path = new StringBuilder(uri.getBaseUri().getPath());
    if (path.charAt(path.length() - 1) == '/') {
      path.setLength(path.length() - 1);
    }
    for (var segment : uri.getPathSegments(true)) {
      if (!segment.getPath().isEmpty()) {
        path.append('/').append(segment.getPath());
      }
    }
    return path.toString();
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(DECISION) instanceof Decision decision) {
      var policy = decision.policyHeader();
      if (!policy.isEmpty()) {
        response.getHeaders().putSingle(RateLimitHeaders.POLICY, policy);
        response.getHeaders().putSingle(RateLimitHeaders.LIMIT, decision.limitHeader());
      }
    }
  }
}
