package dev.backplane.console.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import dev.backplane.console.audit.AuditView;
import dev.backplane.console.caches.CachesView;
import dev.backplane.console.dashboard.DashboardView;
import dev.backplane.console.instances.InstancesView;
import dev.backplane.console.ratelimits.RateLimitsView;
import dev.backplane.console.security.ConsoleLogin;
import dev.backplane.console.security.CurrentLogin;
import dev.backplane.console.security.LogoutLink;
import dev.backplane.console.users.UsersView;

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
    nav.addItem(
        new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.DASHBOARD.create()),
        new SideNavItem("Users", UsersView.class, VaadinIcon.USERS.create()),
        new SideNavItem("Rate limits", RateLimitsView.class, VaadinIcon.TIMER.create()),
        new SideNavItem("Caches", CachesView.class, VaadinIcon.DATABASE.create()),
        new SideNavItem("Instances", InstancesView.class, VaadinIcon.SERVER.create()),
        new SideNavItem("Audit", AuditView.class, VaadinIcon.LIST.create()));
    nav.setId("navigation");
    addToDrawer(nav);
  }
}
