package dev.backplane.api.security.boundary;

import dev.backplane.api.security.control.InvalidTokenException;
import dev.backplane.api.security.control.TokenVerifier;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Authenticates API calls by their Keycloak access token ({@code Authorization: Bearer}). A call
 * without one goes on anonymous (the role rules answer 401 where a role is needed); a refused token
 * is answered 401 at once, with an invalid_token challenge (see ContainerErrorServlet).
 *
 * <p>Ours rather than Payara's MP-JWT: Payara parsed the JWKS again and looked up JSON providers on
 * every request, a third of the API's CPU (BENCHMARKS.md).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

  private static final String TOKEN = VerifiedToken.class.getName();
  private static final Logger LOG = Logger.getLogger(BearerTokenMechanism.class.getName());

  @Inject TokenVerifier verifier;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    var authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return context.doNothing();
    }
    try {
      var token = verifier.verify(authorization.substring(7).trim());
      request.setAttribute(TOKEN, token);
      return context.notifyContainerAboutLogin(token.username(), token.groups());
    } catch (InvalidTokenException e) {
      LOG.log(Level.FINE, e, () -> "Refused a bearer token: " + e.getMessage());
      return context.responseUnauthorized();
    }
  }

  /** The token this request was authenticated with, if it was. */
  public static VerifiedToken token(HttpServletRequest request) {
    return (VerifiedToken) request.getAttribute(TOKEN);
  }
}
