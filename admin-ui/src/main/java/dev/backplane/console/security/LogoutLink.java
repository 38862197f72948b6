package dev.backplane.console.security;

import com.vaadin.flow.component.html.Anchor;

/** A plain link to the logout servlet, which Vaadin's router must leave alone. */
public final class LogoutLink {

  private LogoutLink() {}

  public static Anchor create() {
    var link = new Anchor("logout", "Log out");
    link.setId("logout");
    link.getElement().setAttribute("router-ignore", true);
    return link;
  }
}
