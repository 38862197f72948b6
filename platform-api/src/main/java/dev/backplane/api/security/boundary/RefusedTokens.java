package dev.backplane.api.security.boundary;

import dev.backplane.api.problem.boundary.Problems;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers 401 (invalid_token) to a call whose bearer token was refused, once the rate limits have
 * counted it (they run just before), on any path of the API, known or not.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 600)
public class RefusedTokens implements ContainerRequestFilter {

  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    if (BearerTokenFilter.refusedToken(servletRequest)) {
      throw new NotAuthorizedException(
          "The bearer token is invalid or expired.", Problems.bearerChallenge(servletRequest));
    }
  }
}
