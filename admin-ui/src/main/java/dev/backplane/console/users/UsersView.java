package dev.backplane.console.users;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.users.entity.UserSummary;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * The realm's users: a grid paged by the API (search by name or email), and for administrators
 * creating, editing, enabling or disabling, password resets and deleting. Operators see the same
 * grid and details, with no action to take (the API would refuse them anyway).
 */
@Route("users")
@Menu(order = 1, title = "Users", icon = "vaadin:users")
@PageTitle("Users · Backplane")
public class UsersView extends VerticalLayout {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final PlatformClient platform;
  private final boolean admin = CurrentLogin.isAdmin();
  private final TextField search = new TextField();
  private final Grid<UserSummary> grid = new Grid<>();
  private final CallbackDataProvider<UserSummary, Void> users;
  private final UserActions actions;

  @Inject
  public UsersView(PlatformClient platform) {
    this.platform = platform;
    this.actions = new UserActions(platform, this::changed);
    setSizeFull();

    search.setPlaceholder("Search user name, email or name");
    search.setPrefixComponent(VaadinIcon.SEARCH.create());
    search.setClearButtonVisible(true);
    search.setValueChangeMode(ValueChangeMode.LAZY);
    search.setWidth("24rem");
    search.setId("users-search");
    var toolbar = new HorizontalLayout(search);
    toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
    if (admin) {
      var create = new Button("New user", VaadinIcon.PLUS.create(), e -> openCreate());
      create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      create.setId("new-user");
      toolbar.add(create);
    } else {
      var readOnly = new Span("Read-only: operators see users but change nothing.");
      readOnly.addClassName("muted");
      toolbar.add(readOnly);
    }

    users =
        new CallbackDataProvider<>(
            query -> fetch(query.getOffset(), query.getLimit()), query -> count());
    grid.setItems(users);
    grid.setId("users-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addComponentColumn(UsersView::nameLink).setHeader("User name").setAutoWidth(true);
    Columns.text(grid, "Email", u -> u.email() == null ? "" : u.email());
    Columns.text(grid, "Name", UsersView::fullName);
    grid.addComponentColumn(UsersView::enabledBadge)
        .setHeader("Status")
        .setAutoWidth(true)
        .setFlexGrow(0);
    Columns.fitted(
        grid, "Created (UTC)", u -> u.createdAt() == null ? "" : TIME.format(u.createdAt()));
    var actions =
        admin
            ? grid.addComponentColumn(this::actions)
                .setHeader("Actions")
                .setAutoWidth(true)
                .setFlexGrow(0)
            : null;
    // a click on a row opens the user's page, except on its action buttons
    grid.addItemClickListener(
        e -> {
          if (e.getColumn() == null || e.getColumn() != actions) {
            UI.getCurrent().navigate(UserDetailView.class, UserDetailView.of(e.getItem().id()));
          }
        });
    grid.setEmptyStateComponent(emptyState());
    grid.setPageSize(50);
    grid.setSizeFull();
    search.addValueChangeListener(e -> users.refreshAll());

    add(new H2("Users"), toolbar, grid);
  }

  private Stream<UserSummary> fetch(int offset, int limit) {
    try {
      return platform
          .users(CurrentLogin.accessToken(), search.getValue(), offset, Math.min(limit, 200))
          .items()
          .stream();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
      return Stream.empty();
    }
  }

  private int count() {
    try {
      return (int)
          Math.min(
              Integer.MAX_VALUE,
              platform.users(CurrentLogin.accessToken(), search.getValue(), 0, 1).total());
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
      return 0;
    }
  }

  private HorizontalLayout actions(UserSummary user) {
    var edit = small(VaadinIcon.EDIT, "Edit", () -> openDetails(user));
    var password = small(VaadinIcon.KEY, "Reset password", () -> actions.resetPassword(user));
    var row = new HorizontalLayout(edit, password);
    if (!UserActions.isSelf(user)) {
      var toggle =
          small(
              user.enabled() ? VaadinIcon.BAN : VaadinIcon.CHECK,
              user.enabled() ? "Disable" : "Enable",
              () -> actions.toggle(user));
      var delete = small(VaadinIcon.TRASH, "Delete", () -> actions.delete(user, this::changed));
      delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
      row.add(toggle, delete);
    }
    row.setSpacing(false);
    row.getElement().setAttribute("data-user", user.username());
    return row;
  }

  /** The user name, linking to the user's page; its id on hover. */
  private static Anchor nameLink(UserSummary user) {
    var link = new Anchor("users/" + user.id(), user.username());
    link.setTitle("Id " + user.id());
    link.addClassName("user-link");
    return link;
  }

  private Component emptyState() {
    var text =
        new Span("No user matches this search. Search by user name, email, first or last name.");
    text.setId("users-empty");
    return text;
  }

  private static Button small(VaadinIcon icon, String label, Runnable action) {
    var button = new Button(icon.create(), e -> action.run());
    button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
    button.setTooltipText(label);
    button.setAriaLabel(label);
    button.addClassName("action-" + label.toLowerCase().replace(' ', '-'));
    return button;
  }

  private void openCreate() {
    new UserDialog(platform, null, true, this::changed).open();
  }

  private void openDetails(UserSummary summary) {
    try {
      var user = platform.user(CurrentLogin.accessToken(), summary.id());
      new UserDialog(platform, user, admin, this::changed).open();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }

  private void changed() {
    users.refreshAll();
  }

  private static String fullName(UserSummary user) {
    return Stream.of(user.firstName(), user.lastName())
        .filter(part -> part != null && !part.isBlank())
        .reduce((a, b) -> a + " " + b)
        .orElse("");
  }

  private static Span enabledBadge(UserSummary user) {
    var badge = new Span(user.enabled() ? "enabled" : "disabled");
    badge.addClassNames("status-badge", user.enabled() ? "up" : "down");
    return badge;
  }

  static final List<String> ROLES = List.of("platform-admin", "platform-operator", "api-user");
}
