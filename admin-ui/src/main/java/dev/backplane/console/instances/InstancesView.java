package dev.backplane.console.instances;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.instance.entity.InstanceSample;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import dev.backplane.api.instance.entity.InstanceStatus;
import dev.backplane.api.instance.entity.InstancesReport;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.charts.LineChart;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.LiveRows;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.RefreshProblem;
import dev.backplane.console.layout.StatusBadge;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Every instance of the cluster: health badges, figures of the latest heartbeat, charts of heap,
 * CPU and request rate over 15 minutes, and the details of the selected instance. Refreshed every 5
 * seconds while open.
 */
@Route("instances")
@Menu(order = 4, title = "Instances", icon = "vaadin:server")
@PageTitle("Instances · Backplane")
public class InstancesView extends VerticalLayout {

  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PlatformClient platform;
  private final RefreshProblem problem = new RefreshProblem();
  private final Span summary = new Span();
  private final Grid<InstanceStatus> grid = new Grid<>();
  private final LiveRows<InstanceStatus> rows = new LiveRows<>(grid, InstanceStatus::id);
  private final Div charts = new Div();
  private final Div details = new Div();
  private String selected;

  @Inject
  public InstancesView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    summary.setId("instances-summary");
    grid.setId("instances-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addComponentColumn(i -> StatusBadge.of(i.status()))
        .setHeader("Status")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(
            LitRenderer.<InstanceStatus>of(
                    "<div class=\"cell-main\">${item.id}</div>"
                        + "<div class=\"cell-sub\">${item.address}</div>")
                .withProperty("id", InstanceStatus::id)
                .withProperty("address", i -> i.snapshot() == null ? "" : i.snapshot().address()))
        .setHeader("Instance")
        .setFlexGrow(1)
        .setTooltipGenerator(
            i -> i.id() + (i.snapshot() == null ? "" : ", version " + i.snapshot().version()));
    column("Heap", s -> megabytes(s.heapUsedBytes()) + " of " + megabytes(s.heapMaxBytes()));
    column("CPU", s -> s.cpuLoad() < 0 ? "?" : percent(s.cpuLoad()));
    column("Threads", s -> Integer.toString(s.threads()));
    column("Requests", s -> String.format(Locale.ROOT, "%.1f/s", s.requestsPerSecond()));
    column("Errors", s -> percent(s.errorRate()));
    column("p95", s -> String.format(Locale.ROOT, "%.1f ms", s.p95Millis()));
    grid.setAllRowsVisible(true);
    grid.addSelectionListener(
        e -> {
          e.getFirstSelectedItem().ifPresent(i -> selected = i.id());
          e.getFirstSelectedItem().ifPresent(this::showDetails);
        });
    charts.addClassName("charts");
    details.setId("instance-details");
    details.setWidthFull();
    add(new H2("Instances"), problem, summary, grid, charts, details);
    Polling.whileAttached(this, this::refresh);
  }

  private void refresh() {
    InstancesReport report;
    try {
      report = platform.instances(CurrentLogin.accessToken(), true);
    } catch (ApiException e) {
      problem.show(e.getMessage());
      return;
    }
    problem.clear();
    var all = report.instances();
    var counts =
        all.stream().collect(Collectors.groupingBy(InstanceStatus::status, Collectors.counting()));
    summary.setText(
        all.size()
            + (all.size() == 1 ? " instance: " : " instances: ")
            + counts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "))
            + (report.view().cluster() == null
                ? " · view "
                : " · cluster " + report.view().cluster() + ", view ")
            + report.view().viewId()
            + ", coordinator "
            + report.view().coordinator());
    rows.show(all);
    all.stream()
        .filter(i -> i.id().equals(selected))
        .findFirst()
        .ifPresentOrElse(this::showDetails, details::removeAll);
    drawCharts(all);
  }

  private void drawCharts(List<InstanceStatus> all) {
    var to = Instant.now();
    var from = to.minus(WINDOW);
    charts.removeAll();
    charts.add(
        LineChart.of(
            "chart-heap",
            "Heap used",
            series(all, s -> s.heapUsedBytes() / 1_048_576.0),
            from,
            to,
            LineChart.Axis.of("MB")),
        LineChart.of(
            "chart-cpu",
            "CPU, share of all cores",
            series(all, s -> Math.max(0, s.cpuLoad()) * 100),
            from,
            to,
            LineChart.Axis.upTo("%", 100)),
        LineChart.of(
            "chart-requests",
            "API requests per second",
            series(all, InstanceSample::requestsPerSecond),
            from,
            to,
            LineChart.Axis.of("req/s")));
  }

  private static List<LineChart.Series> series(
      List<InstanceStatus> all, ToDoubleFunction<InstanceSample> value) {
    return all.stream()
        .filter(i -> i.history() != null && !i.history().isEmpty())
        .map(
            i ->
                new LineChart.Series(
                    i.id(),
                    i.history().stream()
                        .map(s -> new LineChart.Point(s.at(), value.applyAsDouble(s)))
                        .toList()))
        .toList();
  }

  private void showDetails(InstanceStatus instance) {
    details.removeAll();
    details.add(new H3(instance.id()));
    var snapshot = instance.snapshot();
    if (snapshot == null) {
      details.add(new Paragraph("Joined the cluster; no heartbeat yet."));
      return;
    }
    details.add(
        new Paragraph(
            "Started "
                + TIME.format(snapshot.startedAt())
                + " UTC · last heartbeat "
                + TIME.format(snapshot.takenAt())
                + " UTC · version "
                + snapshot.version()
                + " · "
                + snapshot.inFlight()
                + " requests in flight · "
                + (instance.member() ? "in the cluster view" : "not in the cluster view")));
    var checks = new Div();
    checks.add(new Span("Readiness: "));
    for (var check : snapshot.checks()) {
      checks.add(StatusBadge.of(check.up() ? "UP" : "DOWN"), new Span(" " + check.name() + "  "));
    }
    details.add(checks);
    var dependencies = new Div();
    dependencies.addClassName("instance-dependencies");
    dependencies.add(new Span("Shared dependencies: "));
    for (var dependency : snapshot.dependencies()) {
      dependencies.add(
          StatusBadge.of(dependency.up() ? "AVAILABLE" : "UNAVAILABLE"),
          new Span(" " + dependency.name() + "  "));
    }
    if (instance.status().equals("DEGRADED")) {
      dependencies.add(
          new Paragraph(
              "Degraded: the instance serves, but what needs an unavailable dependency answers"
                  + " 503 until it answers again."));
    }
    details.add(dependencies);
    var caches = new Grid<InstanceSnapshot.CacheSample>();
    caches.setId("instance-caches-grid");
    Columns.text(caches, "Cache", InstanceSnapshot.CacheSample::cache);
    Columns.number(caches, "Entries", c -> Columns.count(c.statistics().entries()));
    Columns.number(caches, "Hits", c -> Columns.count(c.statistics().hits()));
    Columns.number(caches, "Misses", c -> Columns.count(c.statistics().misses()));
    Columns.number(
        caches,
        "Hit ratio",
        c -> c.statistics().hitRatio() == null ? "-" : percent(c.statistics().hitRatio()));
    caches.setItems(snapshot.caches());
    caches.setAllRowsVisible(true);
    details.add(caches);
  }

  private void column(String header, java.util.function.Function<InstanceSnapshot, String> text) {
    Columns.number(grid, header, i -> i.snapshot() == null ? "" : text.apply(i.snapshot()));
  }

  private static String megabytes(long bytes) {
    return (bytes / 1_048_576) + " MB";
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
