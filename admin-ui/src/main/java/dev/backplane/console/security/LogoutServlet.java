package dev.backplane.console.security;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Ends the console session, then the Keycloak session (RP-initiated logout with id_token_hint). */
@WebServlet("/logout")
public class LogoutServlet extends HttpServlet {

  @Inject OidcClient oidc;
  @Inject SignInAvailability signIn;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    var session = request.getSession(false);
    var login =
        session == null ? null : (ConsoleLogin) session.getAttribute(ConsoleLogin.ATTRIBUTE);
    if (session != null) {
      session.invalidate();
    }
    request.logout();
    var base = oidc.baseFor(request);
    if (!signIn.available()) {
      // Keycloak does not answer: the local session is gone, and the console says why it cannot
      // sign anyone in, instead of sending the browser to Keycloak's frozen logout page
      response.sendRedirect(base + KeycloakLoginMechanism.SIGNED_OUT_PATH);
      return;
    }
    try {
      response.sendRedirect(
          oidc.logoutRequest(base, login == null ? null : login.idToken()).toString());
    } catch (OidcClient.OidcException e) {
      // Keycloak unreachable: the local session is gone; its own session ends by expiry
      response.sendRedirect(base + KeycloakLoginMechanism.SIGNED_OUT_PATH);
    }
  }
}
