package dev.backplane.console.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import dev.backplane.console.security.ConsoleLogin;
import dev.backplane.console.security.CurrentLogin;
import dev.backplane.console.security.LogoutLink;

/** The console's frame: navigation on the left, who is logged in and logout on top. */
@Layout
public class MainLayout extends AppLayout {

  public MainLayout() {
    var title = new Span("Backplane");
    title.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-l)");

    var login = CurrentLogin.get();
    var user = new Span(login.map(ConsoleLogin::username).orElse(""));
    user.setId("current-user");
    var role =
        new Span(
            login
                .map(l -> CurrentLogin.isAdmin() ? "administrator" : "operator (read-only)")
                .orElse(""));
    role.addClassName("muted");

    var spacer = new Span();
    var bar =
        new HorizontalLayout(new DrawerToggle(), title, spacer, user, role, LogoutLink.create());
    bar.setWidthFull();
    bar.setPadding(true);
    bar.setAlignItems(FlexComponent.Alignment.CENTER);
    bar.setFlexGrow(1, spacer);
    addToNavbar(bar);

    var nav = new SideNav();
    // the views announce themselves (@Menu): the frame knows none of them
    for (var entry : MenuConfiguration.getMenuEntries()) {
      // relative to the console's base (/console/), wherever it is served
      var path = entry.path().replaceFirst("^/+", "");
      nav.addItem(new SideNavItem(entry.title(), path, new Icon(entry.icon())));
    }
    nav.setId("navigation");
    addToDrawer(nav);
  }
}
