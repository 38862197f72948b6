package dev.backplane.console.ratelimits;

import com.vaadin.flow.component.Component;
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
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.ratelimit.entity.UsageReport;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.charts.LineChart;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.LiveRows;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.RefreshProblem;
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
@Menu(order = 2, title = "Rate limits", icon = "vaadin:timer")
@PageTitle("Rate limits · Backplane")
public class RateLimitsView extends VerticalLayout {

  private static final Duration WINDOW = Duration.ofMinutes(15);

  private final PlatformClient platform;
  private final RefreshProblem problem = new RefreshProblem();
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
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addColumn(
            LitRenderer.<Policy>of(
                    "<div class=\"cell-main\">${item.name}</div>"
                        + "<div class=\"cell-sub\">${item.algorithm}</div>")
                .withProperty("name", Policy::name)
                .withProperty("algorithm", p -> p.algorithm().replace('-', ' ')))
        .setHeader("Policy")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(
            LitRenderer.<Policy>of(
                    "<div class=\"cell-main\">${item.quota}</div>"
                        + "<div class=\"cell-sub\">${item.per}</div>")
                .withProperty("quota", RateLimitsView::quota)
                .withProperty("per", RateLimitsView::per))
        .setHeader("Limit")
        .setAutoWidth(true)
        .setFlexGrow(0);
    Columns.text(grid, "Applies to", RateLimitsView::appliesTo);
    grid.addColumn(
            LitRenderer.<Policy>of(
                    "<div class=\"cell-main\">${item.mode}</div>"
                        + "<div class=\"cell-sub\">${item.failure}</div>")
                .withProperty("mode", Policy::mode)
                .withProperty("failure", p -> "fails " + p.failureMode()))
        .setHeader("Mode")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addComponentColumn(p -> StatusBadge.of(p.enabled() ? "enabled" : "disabled", p.enabled()))
        .setHeader("Status")
        .setAutoWidth(true)
        .setFlexGrow(0);
    Columns.number(grid, "Allowed", p -> count(p, UsageReport.PolicyUsage::allowed));
    Columns.number(grid, "Refused", p -> count(p, UsageReport.PolicyUsage::refused));
    grid.addColumn(
            RowButton.of(
                CurrentLogin.isAdmin() ? "Edit" : "View",
                "small",
                p -> "open-policy-" + p.name(),
                this::open))
        .setHeader("")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.setEmptyStateText(
        CurrentLogin.isAdmin()
            ? "No policy yet: every request is admitted. Create one with New policy."
            : "No policy yet: every request is admitted.");
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
    consumers.setWidthFull();
    add(
        header,
        problem,
        muted(
            "Counters are shared by every instance. Allowed and refused: requests in the last 15"
                + " minutes. Select a policy for its busiest consumers."),
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
      problem.show(e.getMessage());
      return;
    }
    problem.clear();
    usage =
        report.policies().stream()
            .collect(Collectors.toMap(UsageReport.PolicyUsage::id, Function.identity()));
    rows.show(policies);
    var to = Instant.now();
    chart.removeAll();
    chart.add(
        LineChart.of(
            "chart-refused",
            "Refused requests per minute, all instances",
            refusedPerMinute(report),
            to.minus(WINDOW),
            to,
            LineChart.Axis.of("requests")));
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
    busiest.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    busiest.addComponentColumn(RateLimitsView::consumer).setHeader("Consumer").setFlexGrow(1);
    Columns.number(busiest, "Requests", u -> Columns.count(u.requests()));
    Columns.number(
        busiest, "Used", u -> Columns.count(u.used()) + " of " + Columns.count(policy.quota()));
    Columns.number(busiest, "Remaining", u -> Columns.count(u.remaining()));
    Columns.number(busiest, "Resets in", u -> u.resetSeconds() + " s");
    busiest.setItems(policy.busiest());
    busiest.setAllRowsVisible(true);
    consumers.add(
        new H3(policy.name() + ": busiest consumers"),
        muted(
            "Requests: counted in the last 5 to 10 minutes. Used and remaining: this window's"
                + " counter as it stands; resets in: until the quota is whole again."),
        policy.busiest().isEmpty()
            ? new Paragraph("No request counted in the last minutes.")
            : busiest);
  }

  /** A consumer by name: a user links to its page, its id on hover. */
  private static Component consumer(UsageReport.PartitionUsage usage) {
    var name = usage.name() == null || usage.name().isBlank() ? usage.partition() : usage.name();
    if (usage.userId() == null) {
      var text = new Span(name);
      text.setTitle(usage.partition());
      return text;
    }
    var link = new Anchor("users/" + usage.userId(), name);
    link.setTitle("User id " + usage.userId());
    link.addClassName("consumer-user");
    return link;
  }

  private static Paragraph muted(String text) {
    var paragraph = new Paragraph(text);
    paragraph.addClassName("muted");
    return paragraph;
  }

  private static String quota(Policy policy) {
    return Columns.count(policy.quota()) + " per " + window(policy.windowSeconds());
  }

  private static String per(Policy policy) {
    return "per " + policy.partitionBy() + (policy.claim() == null ? "" : " " + policy.claim());
  }

  /** A window in the largest unit that divides it: 60 s is "minute", 7200 s "2 hours". */
  static String window(long seconds) {
    for (var unit :
        List.of(
            Map.entry(86_400L, "day"),
            Map.entry(3_600L, "hour"),
            Map.entry(60L, "minute"),
            Map.entry(1L, "second"))) {
      if (seconds % unit.getKey() == 0) {
        long count = seconds / unit.getKey();
        return count == 1 ? unit.getValue() : count + " " + unit.getValue() + "s";
      }
    }
    return seconds + " s";
  }

  private String count(Policy policy, Function<UsageReport.PolicyUsage, Long> of) {
    var counts = usage.get(policy.id());
    return counts == null ? "" : Columns.count(of.apply(counts));
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
