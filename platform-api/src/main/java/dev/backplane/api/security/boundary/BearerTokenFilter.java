package dev.backplane.api.security.boundary;

import dev.backplane.api.security.control.InvalidTokenException;
import dev.backplane.api.security.control.TokenVerifier;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Authenticates API calls by their Keycloak access token ({@code Authorization: Bearer}). A call
 * without one goes on anonymous (the role rules answer 401 where a role is needed). A call with a
 * refused token goes on anonymous too, marked: the rate limits count it as the anonymous call it
 * is, then {@link RefusedTokens} answers it 401 with an invalid_token challenge, whatever the path.
 * The caller and its realm roles reach JAX-RS as the request's principal and roles.
 *
 * <p>A servlet filter, not Payara's MP-JWT nor a Jakarta Security mechanism: MP-JWT parsed the JWKS
 * again on every request, and Jakarta Security looked up the BeanManager in JNDI on every request;
 * together most of the API's CPU (BENCHMARKS.md).
 */
public class BearerTokenFilter extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class.getName());
  private static final String TOKEN = VerifiedToken.class.getName();
  private static final String REFUSED = BearerTokenFilter.class.getName() + ".refused";

  @Inject TokenVerifier verifier;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      chain.doFilter(request, response);
      return;
    }
    VerifiedToken token;
    try {
      token = verifier.verify(authorization.substring(7).trim());
    } catch (InvalidTokenException e) {
      LOG.log(Level.FINE, e, () -> "Refused a bearer token: " + e.getMessage());
      request.setAttribute(REFUSED, Boolean.TRUE);
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(TOKEN, token);
    chain.doFilter(new AuthenticatedRequest(request, token), response);
  }

  /** The token this request was authenticated with, if it was. */
  public static VerifiedToken token(HttpServletRequest request) {
    // an attribute, not the wrapper's field: JAX-RS may hand resources a proxy of the request
    return (VerifiedToken) request.getAttribute(TOKEN);
  }

  /** Whether this request came with a bearer token that was refused. */
  public static boolean refusedToken(HttpServletRequest request) {
    return request.getAttribute(REFUSED) != null;
  }

  /** A request whose caller is the token's user, in the token's realm roles. */
  private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final VerifiedToken token;
    private final Principal principal;

    AuthenticatedRequest(HttpServletRequest request, VerifiedToken token) {
      super(request);
      this.token = token;
      this.principal = token::username;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return token.username();
    }

    @Override
    public boolean isUserInRole(String role) {
      return token.groups().contains(role);
    }

    @Override
    public String getAuthType() {
      return "BEARER";
    }
  }
}
