package dev.backplane.console.ratelimits;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.ratelimit.entity.UsageReport;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.charts.LineChart;
import dev.backplane.console.layout.LiveRows;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.RowButton;
import dev.backplane.console.layout.StatusBadge;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rate-limit policies: a grid with what each allowed and refused in the last 15 minutes, a
 * chart of refusals per minute, the busiest consumers of the selected policy, and (administrators)
 * creating, editing and deleting policies. Refreshed every 5 seconds while open.
 */
@Route("rate-limits")
@PageTitle("Rate limits · Backplane")
public class RateLimitsView extends VerticalLayout {

  private static final Duration WINDOW = Duration.ofMinutes(15);

  private final PlatformClient platform;
  private final Grid<Policy> grid = new Grid<>();
  private final LiveRows<Policy> rows = new LiveRows<>(grid, Policy::id);
  private final Div chart = new Div();
  private final Div consumers = new Div();
  private Map<Long, UsageReport.PolicyUsage> usage = Map.of();
  private Long selected;

  @Inject
  public RateLimitsView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    var header = new HorizontalLayout(new H2("Rate limits"));
    header.setAlignItems(Alignment.BASELINE);
    if (CurrentLogin.isAdmin()) {
      var create = new Button("New policy", e -> open(null));
      create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      create.setId("new-policy");
      header.add(create);
    }
    grid.setId("policies-grid");
    grid.addColumn(Policy::name).setHeader("Policy").setAutoWidth(true);
    grid.addColumn(p -> p.quota() + " / " + p.windowSeconds() + " s")
        .setHeader("Quota")
        .setAutoWidth(true);
    grid.addColumn(Policy::algorithm).setHeader("Algorithm").setAutoWidth(true);
    grid.addColumn(p -> p.partitionBy() + (p.claim() == null ? "" : " " + p.claim()))
        .setHeader("Per")
        .setAutoWidth(true);
    grid.addColumn(RateLimitsView::appliesTo).setHeader("Applies to").setAutoWidth(true);
    grid.addColumn(p -> p.mode() + ", fails " + p.failureMode())
        .setHeader("Mode")
        .setAutoWidth(true);
    grid.addComponentColumn(p -> StatusBadge.of(p.enabled() ? "enabled" : "disabled", p.enabled()))
        .setHeader("Status")
        .setAutoWidth(true);
    grid.addColumn(p -> count(p, UsageReport.PolicyUsage::allowed))
        .setHeader("Allowed (15 min)")
        .setAutoWidth(true);
    grid.addColumn(p -> count(p, UsageReport.PolicyUsage::refused))
        .setHeader("Refused (15 min)")
        .setAutoWidth(true);
    grid.addColumn(
            RowButton.of(
                CurrentLogin.isAdmin() ? "Edit" : "View",
                "small",
                p -> "open-policy-" + p.name(),
                this::open))
        .setHeader("")
        .setAutoWidth(true);
    grid.setAllRowsVisible(true);
    grid.addSelectionListener(
        e ->
            e.getFirstSelectedItem()
                .ifPresent(
                    policy -> {
                      selected = policy.id();
                      showConsumers();
                    }));
    chart.addClassName("charts");
    consumers.setId("policy-consumers");
    add(
        header,
        new Paragraph(
            "Counters are shared by every instance. Select a policy for its busiest consumers."),
        grid,
        chart,
        consumers);
    Polling.whileAttached(this, this::refresh);
  }

  private void refresh() {
    List<Policy> policies;
    UsageReport report;
    try {
      policies = platform.rateLimitPolicies(CurrentLogin.accessToken());
      report = platform.rateLimitUsage(CurrentLogin.accessToken());
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
      return;
    }
    usage =
        report.policies().stream()
            .collect(Collectors.toMap(UsageReport.PolicyUsage::id, Function.identity()));
    rows.show(policies);
    var to = Instant.now();
    chart.removeAll();
    chart.add(
        LineChart.of(
            "chart-refused",
            "Refused per minute (all instances)",
            refusedPerMinute(report),
            to.minus(WINDOW),
            to,
            0,
            "%.0f"));
    showConsumers();
  }

  static List<LineChart.Series> refusedPerMinute(UsageReport report) {
    var series = new ArrayList<LineChart.Series>();
    for (var policy : report.policies()) {
      var points =
          policy.perMinute().stream()
              .map(m -> new LineChart.Point(m.minute().plusSeconds(60), m.refused()))
              .toList();
      series.add(new LineChart.Series(policy.name(), points));
    }
    return series;
  }

  private void showConsumers() {
    consumers.removeAll();
    var policy = selected == null ? null : usage.get(selected);
    if (policy == null) {
      return;
    }
    var busiest = new Grid<UsageReport.PartitionUsage>();
    busiest.setId("consumers-grid");
    busiest.addColumn(UsageReport.PartitionUsage::partition).setHeader("Consumer");
    busiest.addColumn(UsageReport.PartitionUsage::requests).setHeader("Requests (5-10 min)");
    busiest.addColumn(u -> u.used() + " of " + policy.quota()).setHeader("Used in this window");
    busiest.addColumn(UsageReport.PartitionUsage::remaining).setHeader("Remaining");
    busiest.addColumn(u -> u.resetSeconds() + " s").setHeader("Whole again in");
    busiest.setItems(policy.busiest());
    busiest.setAllRowsVisible(true);
    consumers.add(
        new H3(policy.name() + ": busiest consumers"),
        policy.busiest().isEmpty()
            ? new Paragraph("No request counted in the last minutes.")
            : busiest);
  }

  private String count(Policy policy, Function<UsageReport.PolicyUsage, Long> of) {
    var counts = usage.get(policy.id());
    return counts == null ? "" : Long.toString(of.apply(counts));
  }

  private void open(Policy policy) {
    new PolicyDialog(platform, policy, CurrentLogin.isAdmin(), this::refresh).open();
  }

  private static String appliesTo(Policy policy) {
    var a = policy.appliesTo();
    var parts = new ArrayList<String>();
    parts.add(a.callers().equals("any") ? "all callers" : a.callers() + " callers");
    if (!a.methods().isEmpty()) {
      parts.add(String.join(",", a.methods()));
    }
    if (!a.paths().isEmpty()) {
      parts.add(String.join(" ", a.paths()));
    }
    if (!a.roles().isEmpty()) {
      parts.add("roles " + String.join(",", a.roles()));
    }
    if (!a.clients().isEmpty()) {
      parts.add("clients " + String.join(",", a.clients()));
    }
    return String.join("; ", parts);
  }
}
