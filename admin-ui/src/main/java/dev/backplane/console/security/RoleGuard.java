package dev.backplane.console.security;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import dev.backplane.api.security.entity.Roles;
import jakarta.enterprise.event.Observes;

/**
 * (vaadin-cdi fires Vaadin's service init as a CDI event.) Only administrators and operators may
 * see the console's views; anyone else who logged in is shown the not-allowed page, on every
 * navigation.
 */
public class RoleGuard {

  void install(@Observes ServiceInitEvent event) {
    event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(RoleGuard::check));
  }

  private static void check(BeforeEnterEvent event) {
    if (event.getNavigationTarget() == NotAllowedView.class) {
      return;
    }
    boolean allowed =
        CurrentLogin.get()
            .map(
                login ->
                    login.roles().contains(Roles.ADMIN) || login.roles().contains(Roles.OPERATOR))
            .orElse(false);
    if (!allowed) {
      event.rerouteTo(NotAllowedView.class);
    }
  }
}
