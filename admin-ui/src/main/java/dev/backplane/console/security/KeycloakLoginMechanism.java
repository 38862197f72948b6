package dev.backplane.console.security;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs administrators into the console through Keycloak: authorization code flow with PKCE (S256),
 * state and nonce kept in the HTTP session. Every request of a logged-in session re-establishes the
 * caller for the container, and an access token about to expire is refreshed first. Built on Nimbus
 * because Jakarta Security's OIDC mechanism sends no PKCE and breaks Vaadin's requests.
 */
@ApplicationScoped
public class KeycloakLoginMechanism implements HttpAuthenticationMechanism {

  static final String CALLBACK_PATH = "/callback";
  private static final String PENDING = KeycloakLoginMechanism.class.getName() + ".pending";
  private static final int MAX_PENDING = 10;
  private static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(KeycloakLoginMechanism.class.getName());

  @Inject OidcClient oidc;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    try {
      var session = request.getSession(false);
      var login =
          session == null ? null : (ConsoleLogin) session.getAttribute(ConsoleLogin.ATTRIBUTE);
      if (login != null && stillValid(session, login)) {
        return context.notifyContainerAboutLogin(login.username(), login.roles());
      }
      if (path(request).equals(CALLBACK_PATH) && request.getParameter("state") != null) {
        return callback(request, context);
      }
      if (!context.isProtected()) {
        return context.doNothing();
      }
      if (isVaadinBackgroundRequest(request)) {
        return sessionExpired(request, response, context);
      }
      return startLogin(request, context);
    } catch (OidcClient.OidcException | IOException e) {
      LOG.log(Level.WARNING, "Console login failed", e);
      return loginUnavailable(response);
    }
  }

  /** True if the access token is good for a while yet, refreshing it when it is not. */
  private boolean stillValid(HttpSession session, ConsoleLogin login) {
    synchronized (login) {
      if (!login.expiresWithin(REFRESH_MARGIN)) {
        return true;
      }
      try {
        oidc.refresh(login);
        session.setAttribute(ConsoleLogin.ATTRIBUTE, login); // replicated sessions see the change
        return true;
      } catch (OidcClient.OidcException e) {
        LOG.info(() -> "Console session of " + login.username() + " ended: " + e.getMessage());
        session.removeAttribute(ConsoleLogin.ATTRIBUTE);
        return false;
      }
    }
  }

  private AuthenticationStatus startLogin(HttpServletRequest request, HttpMessageContext context)
      throws OidcClient.OidcException {
    var canonical = oidc.baseUrl();
    if (!request.getRequestURL().toString().startsWith(canonical)) {
      // opened under another host name (127.0.0.1 for localhost): the session cookie would not
      // come back with Keycloak's callback, so first move to the address Keycloak redirects to
      return context.redirect(canonical + path(request) + query(request));
    }
    var state = new State();
    var nonce = new Nonce();
    var verifier = new CodeVerifier();
    var returnTo = request.getRequestURI() + query(request);
    pending(request.getSession(true))
        .put(state.getValue(), new PendingLogin(nonce.getValue(), verifier.getValue(), returnTo));
    return context.redirect(oidc.authorizationRequest(state, nonce, verifier).toString());
  }

  private AuthenticationStatus callback(HttpServletRequest request, HttpMessageContext context)
      throws OidcClient.OidcException {
    var session = request.getSession(false);
    URI uri = URI.create(request.getRequestURL() + query(request));
    com.nimbusds.openid.connect.sdk.AuthenticationResponse answer;
    try {
      answer = AuthenticationResponseParser.parse(uri);
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new OidcClient.OidcException("Keycloak's callback cannot be parsed", e);
    }
    var pending = session == null ? null : pending(session).remove(answer.getState().getValue());
    if (pending == null) {
      // a stale or replayed callback, or a login started on another host name: start over
      LOG.info("Console login callback with an unknown state; starting a new login");
      return context.redirect(oidc.baseUrl() + "/");
    }
    if (!answer.indicatesSuccess()) {
      var error = ((AuthenticationErrorResponse) answer).getErrorObject();
      throw new OidcClient.OidcException("Keycloak refused the login: " + error.getCode(), null);
    }
    var login = oidc.redeem(answer.toSuccessResponse().getAuthorizationCode(), pending);
    request.changeSessionId(); // no session fixation
    session.setAttribute(ConsoleLogin.ATTRIBUTE, login);
    LOG.info(() -> "Console login of " + login.username() + " with roles " + login.roles());
    return context.redirect(pending.returnTo());
  }

  /**
   * A request of an open Vaadin page whose login is gone. A redirect to Keycloak would be lost on
   * an XHR: tell the Vaadin client its session expired, and it reloads into a fresh login.
   */
  private static AuthenticationStatus sessionExpired(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws IOException {
    var query = request.getQueryString();
    if (query != null && query.contains("v-r=uidl")) {
      response.setStatus(200);
      response.setContentType("application/json; charset=UTF-8");
      response.getWriter().write("{\"meta\":{\"async\":false,\"sessionExpired\":true}}");
      return AuthenticationStatus.SEND_CONTINUE;
    }
    if (query != null && query.contains("v-r=heartbeat")) {
      response.sendError(410); // Vaadin's heartbeat takes 410 Gone as "session expired"
      return AuthenticationStatus.SEND_CONTINUE;
    }
    return context.responseUnauthorized();
  }

  private static AuthenticationStatus loginUnavailable(HttpServletResponse response) {
    try {
      response.setStatus(503);
      response.setHeader("Retry-After", "10");
      response.setContentType("text/html; charset=UTF-8");
      response
          .getWriter()
          .write(
              "<!doctype html><title>Login unavailable</title><h1>Login is unavailable</h1>"
                  + "<p>The console cannot reach Keycloak to log you in. Try again in a moment.</p>");
    } catch (IOException e) {
      LOG.log(Level.FINE, "Client left before the answer", e);
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  static boolean isVaadinBackgroundRequest(HttpServletRequest request) {
    var query = request.getQueryString();
    return (query != null && query.contains("v-r=")) || !"GET".equals(request.getMethod());
  }

  /** Logins under way in this session, by state; a few at most (several tabs, retries). */
  @SuppressWarnings("unchecked")
  private static Map<String, PendingLogin> pending(HttpSession session) {
    var map = (Map<String, PendingLogin>) session.getAttribute(PENDING);
    if (map == null) {
      map = new ConcurrentHashMap<>();
      session.setAttribute(PENDING, map);
    } else if (map.size() > MAX_PENDING) {
      map.clear();
    }
    return map;
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  private static String query(HttpServletRequest request) {
    return request.getQueryString() == null ? "" : "?" + request.getQueryString();
  }
}
