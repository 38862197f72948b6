package dev.backplane.console.users;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.backplane.api.audit.entity.AuditEntry;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserSession;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.api.PlatformClient.AuditFilter;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.StatusBadge;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Stream;

/**
 * One user: profile, roles, sessions at Keycloak and the audit entries about it; administrators
 * edit it, reset its password, end its sessions, disable or delete it (not their own account).
 */
@Route("users/:id")
public class UserDetailView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

  private final PlatformClient platform;
  private final boolean admin = CurrentLogin.isAdmin();
  private String id;
  private String title = "User · Backplane";

  @Inject
  public UserDetailView(PlatformClient platform) {
    this.platform = platform;
    setWidthFull();
  }

  static RouteParameters of(String id) {
    return new RouteParameters("id", id);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    id = event.getRouteParameters().get("id").orElse("");
    show();
  }

  @Override
  public String getPageTitle() {
    return title;
  }

  private void show() {
    removeAll();
    var back = new Anchor("users", "← All users");
    back.setId("back-to-users");
    User user;
    try {
      user = platform.user(CurrentLogin.accessToken(), id);
    } catch (ApiException e) {
      var missing = new H2(e.status() == 404 ? "No such user" : "The user cannot be shown");
      missing.setId("user-missing");
      add(back, missing, new Paragraph(e.getMessage()));
      return;
    }
    title = user.username() + " · Users · Backplane";
    var summary = UserActions.summary(user);
    var actions = new UserActions(platform, this::show);

    var heading = new H2(user.username());
    heading.setId("user-detail-name");
    var status = StatusBadge.of(user.enabled() ? "enabled" : "disabled", user.enabled());
    var header = new HorizontalLayout(heading, status);
    header.setAlignItems(Alignment.BASELINE);
    add(back, header);

    if (admin) {
      var toolbar = new FlexLayout();
      toolbar.addClassName("toolbar");
      toolbar.add(
          button(
              "Edit",
              VaadinIcon.EDIT,
              "user-edit",
              () -> new UserDialog(platform, user, true, this::show).open()),
          button(
              "Reset password",
              VaadinIcon.KEY,
              "user-reset-password",
              () -> actions.resetPassword(summary)),
          button(
              "Sign out everywhere",
              VaadinIcon.SIGN_OUT,
              "user-logout",
              () -> actions.endSessions(summary)));
      if (UserActions.isSelf(summary)) {
        var self =
            new Span("This is your own account: another administrator disables or deletes it.");
        self.addClassName("muted");
        toolbar.add(self);
      } else {
        toolbar.add(
            button(
                user.enabled() ? "Disable" : "Enable",
                user.enabled() ? VaadinIcon.BAN : VaadinIcon.CHECK,
                "user-toggle",
                () -> actions.toggle(summary)));
        var delete =
            button(
                "Delete",
                VaadinIcon.TRASH,
                "user-delete",
                () ->
                    actions.delete(
                        summary, () -> getUI().ifPresent(ui -> ui.navigate(UsersView.class))));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        toolbar.add(delete);
      }
      add(toolbar);
    }

    var profile = new Div();
    profile.addClassName("card");
    profile.setId("user-profile");
    profile.add(
        new H3("Profile"),
        line(
            "Email",
            user.email() == null
                ? "-"
                : user.email() + (user.emailVerified() ? " (verified)" : " (not verified)")),
        line(
            "Name",
            Stream.of(user.firstName(), user.lastName())
                .filter(p -> p != null && !p.isBlank())
                .reduce((a, b) -> a + " " + b)
                .orElse("-")),
        line("Roles", user.roles().isEmpty() ? "none" : String.join(", ", user.roles())),
        line(
            "Created",
            user.createdAt() == null ? "-" : UsersView.TIME.format(user.createdAt()) + " UTC"),
        line("Id", user.id()));
    var cards = new FlexLayout(profile, sessions(user));
    cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
    cards.addClassName("cards");
    add(cards, audit(user));
  }

  private Div sessions(User user) {
    var card = new Div(new H3("Sessions"));
    card.addClassName("card");
    card.setId("user-sessions");
    List<UserSession> sessions;
    try {
      sessions = platform.sessions(CurrentLogin.accessToken(), user.id());
    } catch (ApiException e) {
      card.add(new Paragraph(e.getMessage()));
      return card;
    }
    if (sessions.isEmpty()) {
      card.add(new Paragraph(user.username() + " has no open session."));
      return card;
    }
    var grid = new Grid<UserSession>();
    grid.setId("user-sessions-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
    Columns.fitted(grid, "Address", s -> s.ipAddress() == null ? "-" : s.ipAddress());
    Columns.fitted(
        grid, "Started (UTC)", s -> s.started() == null ? "-" : UsersView.TIME.format(s.started()));
    Columns.fitted(
        grid,
        "Last active",
        s -> s.lastAccess() == null ? "-" : UsersView.TIME.format(s.lastAccess()));
    Columns.text(grid, "Applications", s -> String.join(", ", s.clients()));
    grid.setItems(sessions);
    grid.setAllRowsVisible(true);
    card.add(grid);
    return card;
  }

  private Div audit(User user) {
    var section = new Div(new H3("Audit entries about " + user.username()));
    section.setId("user-audit");
    section.setWidthFull();
    List<AuditEntry> entries;
    try {
      entries =
          platform
              .audit(
                  CurrentLogin.accessToken(),
                  new AuditFilter(null, null, "user", user.id(), null, null),
                  0,
                  20)
              .items();
    } catch (ApiException e) {
      section.add(new Paragraph(e.getMessage()));
      return section;
    }
    if (entries.isEmpty()) {
      section.add(new Paragraph("No administrator has changed this user yet."));
      return section;
    }
    var grid = new Grid<AuditEntry>();
    grid.setId("user-audit-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
    Columns.fitted(grid, "Time (UTC)", e -> UsersView.TIME.format(e.occurredAt()));
    Columns.fitted(grid, "Actor", AuditEntry::actor);
    Columns.text(grid, "Action", AuditEntry::action);
    grid.setItems(entries);
    grid.setAllRowsVisible(true);
    var all = new Anchor("audit", "The whole audit trail");
    section.add(grid, all);
    return section;
  }

  private static Paragraph line(String label, String value) {
    var name = new Span(label + ": ");
    name.addClassName("muted");
    var paragraph = new Paragraph(name, new Span(value));
    paragraph.addClassName("detail-line");
    return paragraph;
  }

  private static Button button(String label, VaadinIcon icon, String id, Runnable action) {
    var button = new Button(label, icon.create(), e -> action.run());
    button.setId(id);
    return button;
  }
}
