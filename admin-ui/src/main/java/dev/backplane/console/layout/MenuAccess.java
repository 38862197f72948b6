package dev.backplane.console.layout;

import com.vaadin.flow.server.auth.DefaultMenuAccessControl;
import com.vaadin.flow.server.auth.MenuAccessControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The menu's access control, which Vaadin asks its CDI instantiator for (it is no bean of Vaadin's
 * own under CDI, and the menu failed without one): Vaadin's default. Who may open which view is the
 * console's {@code RoleGuard}'s and the API's rule, not the menu's.
 */
@ApplicationScoped
public class MenuAccess {

  @Produces
  @ApplicationScoped
  MenuAccessControl menuAccessControl() {
    return new DefaultMenuAccessControl();
  }
}
