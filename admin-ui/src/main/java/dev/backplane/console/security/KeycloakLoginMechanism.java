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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs administrators into the console through Keycloak: authorization code flow with PKCE (S256),
 * state and nonce kept by the browser until the callback ({@link PendingLogins}); the HTTP session
 * begins only with a login Keycloak confirmed. Every request of a logged-in session re-establishes
 * the caller for the container, and an access token about to expire is refreshed first. Built on
 * Nimbus because Jakarta Security's OIDC mechanism sends no PKCE and breaks Vaadin's requests.
 */
@ApplicationScoped
public class KeycloakLoginMechanism implements HttpAuthenticationMechanism {

  static final String CALLBACK_PATH = "/callback";

  /** Where a logout ends: a page that says so, with a way back in (no login needed to see it). */
  static final String SIGNED_OUT_PATH = "/signed-out";

  private static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(KeycloakLoginMechanism.class.getName());

  @Inject OidcClient oidc;
  @Inject PendingLogins pendingLogins;
  @Inject SignInAvailability signIn;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    try {
      var session = request.getSession(false);
      var login =
          session == null ? null : (ConsoleLogin) session.getAttribute(ConsoleLogin.ATTRIBUTE);
      boolean signedIn = login != null && stillValid(session, login);
      if (path(request).equals(SIGNED_OUT_PATH)) {
        return signedIn ? context.redirect(oidc.baseFor(request) + "/") : signedOut(response);
      }
      if (signedIn) {
        return context.notifyContainerAboutLogin(login.username(), login.roles());
      }
      if (path(request).equals(CALLBACK_PATH) && request.getParameter("state") != null) {
        return callback(request, response, context);
      }
      if (!context.isProtected()) {
        return context.doNothing();
      }
      if (isVaadinBackgroundRequest(request)) {
        return sessionExpired(request, response, context);
      }
      return startLogin(request, response, context);
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
      if (!signIn.available()) {
        // Keycloak does not answer: the session goes on while its access token lasts
        return !login.expiresWithin(Duration.ZERO);
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

  private AuthenticationStatus startLogin(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws OidcClient.OidcException {
    var base = oidc.addresses().serving(OidcClient.requestUrl(request));
    if (base.isEmpty()) {
      // opened under another host name (127.0.0.1 for localhost): the session cookie would not
      // come back with Keycloak's callback, so first move to the address Keycloak redirects to
      return context.redirect(oidc.baseFor(request) + path(request) + query(request));
    }
    if (!signIn.available()) {
      return loginUnavailable(response);
    }
    var state = new State();
    var nonce = new Nonce();
    var verifier = new CodeVerifier();
    var expiresAt = System.currentTimeMillis() + PendingLogins.LIFETIME.toMillis();
    pendingLogins.keep(
        state.getValue(),
        new PendingLogin(
            nonce.getValue(), verifier.getValue(), PendingLogins.returnTo(request), expiresAt),
        request,
        response);
    return context.redirect(
        oidc.authorizationRequest(base.get(), state, nonce, verifier).toString());
  }

  private AuthenticationStatus callback(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws OidcClient.OidcException {
    com.nimbusds.openid.connect.sdk.AuthenticationResponse answer;
    try {
      answer =
          AuthenticationResponseParser.parse(URI.create(request.getRequestURL() + query(request)));
    } catch (com.nimbusds.oauth2.sdk.ParseException | IllegalArgumentException e) {
      // not Keycloak's: anyone can call this address with anything
      LOG.log(Level.FINE, "Console login callback that cannot be parsed; starting over", e);
      return context.redirect(oidc.baseFor(request) + "/");
    }
    var pending =
        answer.getState() == null
            ? null
            : pendingLogins.take(answer.getState().getValue(), request, response).orElse(null);
    if (pending == null) {
      // a stale or replayed callback, or a login started on another host name: start over
      LOG.info("Console login callback with an unknown state; starting a new login");
      return context.redirect(oidc.baseFor(request) + "/");
    }
    if (!answer.indicatesSuccess()) {
      var error = ((AuthenticationErrorResponse) answer).getErrorObject();
      throw new OidcClient.OidcException("Keycloak refused the login: " + error.getCode(), null);
    }
    // the callback arrived at the address the login started on (its cookie came back with it)
    var login =
        oidc.redeem(
            oidc.baseFor(request), answer.toSuccessResponse().getAuthorizationCode(), pending);
    var session = request.getSession(false);
    if (session == null) {
      session = request.getSession(true);
    } else {
      request.changeSessionId(); // no session fixation
    }
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

  private static AuthenticationStatus signedOut(HttpServletResponse response) throws IOException {
    response.setStatus(200);
    response.setContentType("text/html; charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response
        .getWriter()
        .write(
            "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width\">"
                + "<link rel=\"icon\" href=\"icons/favicon.svg\" type=\"image/svg+xml\">"
                + "<title>Signed out · Backplane</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;"
                + "padding:0 1rem;color:#1a1a1a}a{color:#1676f3}</style>"
                + "<h1 id=\"signed-out\">You are signed out</h1>"
                + "<p>Your console session and your Keycloak session have ended.</p>"
                + "<p><a id=\"sign-in-again\" href=\"./\">Sign in again</a></p></html>");
    return AuthenticationStatus.SEND_CONTINUE;
  }

  private static AuthenticationStatus loginUnavailable(HttpServletResponse response) {
    try {
      response.setStatus(503);
      response.setHeader("Retry-After", "10");
      response.setContentType("text/html; charset=UTF-8");
      response.setHeader("Cache-Control", "no-store");
      response
          .getWriter()
          .write(
              "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                  + "<meta http-equiv=\"refresh\" content=\"10\">"
                  + "<title>Sign-in unavailable · Backplane</title>"
                  + "<h1 id=\"sign-in-unavailable\">Sign-in is unavailable</h1>"
                  + "<p>Keycloak, which signs administrators in, does not answer. The platform's"
                  + " API keeps serving callers whose tokens it already knows.</p>"
                  + "<p>This page tries again every 10 seconds.</p></html>");
    } catch (IOException e) {
      LOG.log(Level.FINE, "Client left before the answer", e);
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  static boolean isVaadinBackgroundRequest(HttpServletRequest request) {
    var query = request.getQueryString();
    return (query != null && query.contains("v-r=")) || !"GET".equals(request.getMethod());
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  private static String query(HttpServletRequest request) {
    return request.getQueryString() == null ? "" : "?" + request.getQueryString();
  }
}
