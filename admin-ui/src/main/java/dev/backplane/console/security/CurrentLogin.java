package dev.backplane.console.security;

import com.vaadin.flow.server.VaadinSession;
import dev.backplane.api.security.entity.Roles;
import java.util.Optional;

/** The administrator of the current Vaadin session, as the login mechanism stored it. */
public final class CurrentLogin {

  private CurrentLogin() {}

  public static Optional<ConsoleLogin> get() {
    var session = VaadinSession.getCurrent();
    if (session == null || session.getSession() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        (ConsoleLogin) session.getSession().getAttribute(ConsoleLogin.ATTRIBUTE));
  }

  /** The administrator's access token for calls to the API; null without a login. */
  public static String accessToken() {
    return get().map(ConsoleLogin::accessToken).orElse(null);
  }

  public static boolean isAdmin() {
    return get().map(login -> login.roles().contains(Roles.ADMIN)).orElse(false);
  }
}
