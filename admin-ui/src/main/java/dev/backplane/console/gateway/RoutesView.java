package dev.backplane.console.gateway;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import dev.backplane.api.gateway.entity.Route;
import dev.backplane.api.gateway.entity.RouteStatus;
import dev.backplane.api.gateway.entity.TargetStatus;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.LiveRows;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.RefreshProblem;
import dev.backplane.console.layout.RowButton;
import dev.backplane.console.layout.StatusBadge;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's routes: each one's prefix, targets with their health and circuits on the instances,
 * and its requests, errors and latency over the last 15 minutes across the cluster. Administrators
 * create, change and delete routes; operators see them read-only. Refreshed every 5 seconds.
 */
@com.vaadin.flow.router.Route("routes")
@Menu(order = 4.7, title = "Routes", icon = "vaadin:split")
@PageTitle("Routes · Backplane")
public class RoutesView extends VerticalLayout {

  private final PlatformClient platform;
  private final RefreshProblem problem = new RefreshProblem();
  private final Grid<Route> grid = new Grid<>();
  private final LiveRows<Route> rows = new LiveRows<>(grid, Route::name);
  private Map<String, RouteStatus> statuses = Map.of();

  @Inject
  public RoutesView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    boolean admin = CurrentLogin.isAdmin();
    grid.setId("routes-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addColumn(new ComponentRenderer<>(RoutesView::nameAndPrefix))
        .setHeader("Route")
        .setWidth("12rem")
        .setFlexGrow(1);
    grid.addColumn(new ComponentRenderer<>(this::targets))
        .setHeader("Targets")
        .setWidth("14rem")
        .setFlexGrow(2);
    Columns.fitted(grid, "Access", RoutesView::access);
    Columns.number(grid, "Requests", route -> count(route, RouteStatus::requests));
    Columns.number(grid, "Errors", route -> count(route, RouteStatus::errors));
    Columns.number(grid, "p50 / p99", this::latency);
    grid.addColumn(
            new ComponentRenderer<>(
                route ->
                    StatusBadge.of(
                        route.spec().enabled() ? "enabled" : "disabled", route.spec().enabled())))
        .setHeader("State")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(
            RowButton.of(
                admin ? "Edit" : "Show", "small", route -> "edit-" + route.name(), this::open))
        .setHeader("")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.setAllRowsVisible(true);

    var header = new HorizontalLayout(new H2("Routes"));
    header.setAlignItems(Alignment.BASELINE);
    if (admin) {
      var create = new Button("New route", e -> open(null));
      create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      create.setId("new-route");
      header.add(create);
    }
    var hint =
        new Paragraph(
            "Requests under a route's prefix go to its targets, with the caller's token checked,"
                + " the rate-limit policies applied and the caller's identity passed on. A target"
                + " is out while its health check fails or its circuit is open. Requests, errors"
                + " and latency: the last 15 minutes across the cluster.");
    hint.addClassName("muted");
    add(header, problem, hint, grid);
    Polling.whileAttached(this, this::refresh);
  }

  /** The name, and the prefix under it. */
  private static Div nameAndPrefix(Route route) {
    var prefix = new Div(route.spec().prefix());
    prefix.addClassName("muted");
    prefix.getStyle().set("overflow-wrap", "anywhere");
    return new Div(new Div(route.name()), prefix);
  }

  private static String access(Route route) {
    var spec = route.spec();
    return spec.access().equals("roles") ? String.join(", ", spec.roles()) : spec.access();
  }

  private String count(Route route, java.util.function.ToLongFunction<RouteStatus> figure) {
    var status = statuses.get(route.name());
    return status == null ? "" : Columns.count(figure.applyAsLong(status));
  }

  private String latency(Route route) {
    var status = statuses.get(route.name());
    if (status == null || status.p50Ms() == null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.1f / %.1f ms", status.p50Ms(), status.p99Ms());
  }

  /** Each target with a badge: up, down (health checks fail), or its circuit open. */
  private Div targets(Route route) {
    var status = statuses.get(route.name());
    var byUrl = new HashMap<String, TargetStatus>();
    if (status != null) {
      status.targets().forEach(target -> byUrl.put(target.url(), target));
    }
    var list = new Div();
    for (var target : route.spec().targets()) {
      var line = new Div();
      // a URL breaks anywhere rather than being cut
      line.getStyle().set("overflow-wrap", "anywhere");
      var url = new Span(target.url() + " ×" + target.weightOrDefault() + " ");
      line.add(url, badge(byUrl.get(target.url())));
      list.add(line);
    }
    return list;
  }

  private static Span badge(TargetStatus target) {
    if (target == null || target.instances() == 0) {
      return StatusBadge.of("no data", false);
    }
    if (target.healthy() < target.instances()) {
      return StatusBadge.of(
          "failing checks on " + (target.instances() - target.healthy()) + "/" + target.instances(),
          false);
    }
    if (target.openCircuits() > 0) {
      return StatusBadge.of(
          "circuit open on " + target.openCircuits() + "/" + target.instances(), false);
    }
    return StatusBadge.of("up", true);
  }

  private void refresh() {
    List<Route> routes;
    try {
      var token = CurrentLogin.accessToken();
      routes = platform.routes(token);
      var fresh = new HashMap<String, RouteStatus>();
      platform.routeStatus(token).forEach(status -> fresh.put(status.name(), status));
      statuses = fresh;
    } catch (ApiException e) {
      problem.show(e.getMessage());
      return;
    }
    problem.clear();
    rows.show(routes);
  }

  private void open(Route route) {
    new RouteDialog(platform, route, CurrentLogin.isAdmin(), this::refresh).open();
  }
}
