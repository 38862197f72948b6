package dev.backplane.console.caches;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.caches.entity.CacheReport;
import dev.backplane.api.cluster.entity.CacheStatistics;
import dev.backplane.api.instance.entity.InstanceSample;
import dev.backplane.api.instance.entity.InstanceStatus;
import dev.backplane.api.instance.entity.InstancesReport;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.charts.LineChart;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.LiveRows;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.RefreshProblem;
import dev.backplane.console.layout.RowButton;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every cache: mode, owners and statistics in total, per instance for the selected one, a chart of
 * the hit ratio over 15 minutes, and (administrators) clearing a cache after a confirmation.
 * Refreshed every 5 seconds while open.
 */
@Route("caches")
@Menu(order = 3, title = "Caches", icon = "vaadin:database")
@PageTitle("Caches · Backplane")
public class CachesView extends VerticalLayout {

  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final Duration BUCKET = Duration.ofSeconds(30);

  private final PlatformClient platform;
  private final RefreshProblem problem = new RefreshProblem();
  private final Grid<CacheReport> grid = new Grid<>();
  private final LiveRows<CacheReport> rows = new LiveRows<>(grid, CacheReport::name);
  private final Div perInstance = new Div();
  private final Div chart = new Div();
  private String selected;

  @Inject
  public CachesView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    grid.setId("caches-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    Columns.fitted(grid, "Cache", CacheReport::name);
    Columns.text(
        grid, "Mode", c -> c.mode() + (c.owners() == null ? "" : ", " + c.owners() + " owners"));
    counts(grid, CacheReport::total);
    Columns.number(
        grid, "Read", c -> String.format(Locale.ROOT, "%.2f ms", c.total().averageReadMillis()));
    Columns.number(
        grid, "Write", c -> String.format(Locale.ROOT, "%.2f ms", c.total().averageWriteMillis()));
    if (CurrentLogin.isAdmin()) {
      grid.addColumn(
              RowButton.of("Clear", "small error", c -> "clear-" + c.name(), this::confirmClear))
          .setHeader("")
          .setAutoWidth(true)
          .setFlexGrow(0);
    }
    grid.setAllRowsVisible(true);
    grid.addSelectionListener(
        e ->
            e.getFirstSelectedItem()
                .ifPresent(
                    cache -> {
                      selected = cache.name();
                      showInstances(cache);
                    }));
    perInstance.setId("cache-instances");
    perInstance.setWidthFull();
    chart.addClassName("charts");
    var hint =
        new Paragraph(
            "Totals of every instance; read and write are average times. Select a cache for its"
                + " figures per instance.");
    hint.addClassName("muted");
    add(new H2("Caches"), problem, hint, grid, chart, perInstance);
    Polling.whileAttached(this, this::refresh);
  }

  private void refresh() {
    List<CacheReport> caches;
    InstancesReport instances;
    try {
      caches = platform.caches(CurrentLogin.accessToken());
      instances = platform.instances(CurrentLogin.accessToken(), true);
    } catch (ApiException e) {
      problem.show(e.getMessage());
      return;
    }
    problem.clear();
    rows.show(caches);
    caches.stream()
        .filter(c -> c.name().equals(selected))
        .findFirst()
        .ifPresentOrElse(this::showInstances, perInstance::removeAll);
    var to = Instant.now();
    chart.removeAll();
    chart.add(
        LineChart.of(
            "chart-hit-ratio",
            "Hit ratio per 30 s, all instances",
            hitRatios(instances.instances(), to),
            to.minus(WINDOW),
            to,
            LineChart.Axis.upTo("%", 100)));
  }

  /**
   * Per cache, the share of reads that hit in each 30-second bucket, from the heartbeats' counts
   * (cumulative per instance, so the differences between an instance's heartbeats are its reads).
   */
  static List<LineChart.Series> hitRatios(List<InstanceStatus> instances, Instant to) {
    var byCache = new TreeMap<String, TreeMap<Long, long[]>>();
    for (var instance : instances) {
      var history = instance.history() == null ? List.<InstanceSample>of() : instance.history();
      for (int i = 1; i < history.size(); i++) {
        var bucket = history.get(i).at().toEpochMilli() / BUCKET.toMillis();
        for (var now : history.get(i).caches()) {
          for (var before : history.get(i - 1).caches()) {
            if (before.cache().equals(now.cache())) {
              long hits = now.hits() - before.hits();
              long misses = now.misses() - before.misses();
              if (hits >= 0 && misses >= 0 && hits + misses > 0) {
                var sums =
                    byCache
                        .computeIfAbsent(now.cache(), c -> new TreeMap<>())
                        .computeIfAbsent(bucket, b -> new long[2]);
                sums[0] += hits;
                sums[1] += misses;
              }
            }
          }
        }
      }
    }
    var series = new ArrayList<LineChart.Series>();
    byCache.forEach(
        (cache, buckets) -> {
          var points = new ArrayList<LineChart.Point>();
          buckets.forEach(
              (bucket, sums) ->
                  points.add(
                      new LineChart.Point(
                          Instant.ofEpochMilli((bucket + 1) * BUCKET.toMillis()),
                          100.0 * sums[0] / (sums[0] + sums[1]))));
          series.add(new LineChart.Series(cache, points));
        });
    return series;
  }

  private void showInstances(CacheReport cache) {
    perInstance.removeAll();
    var grid = new Grid<CacheReport.InstanceStatistics>();
    grid.setId("cache-instances-grid");
    grid.setWidthFull();
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    Columns.text(grid, "Instance", CacheReport.InstanceStatistics::instance);
    counts(grid, CacheReport.InstanceStatistics::statistics);
    Columns.number(grid, "Stores", t -> Columns.count(t.statistics().stores()));
    Columns.number(grid, "Removals", t -> Columns.count(t.statistics().removals()));
    Columns.number(grid, "Evictions", t -> Columns.count(t.statistics().evictions()));
    grid.setItems(cache.instances());
    grid.setAllRowsVisible(true);
    perInstance.add(new H3(cache.name() + " per instance"), grid);
  }

  /** Entries, hits, misses and the hit ratio: what tells whether a cache earns its keep. */
  private static <T> void counts(Grid<T> grid, Function<T, CacheStatistics> of) {
    Columns.number(grid, "Entries", t -> Columns.count(of.apply(t).entries()));
    Columns.number(grid, "Hits", t -> Columns.count(of.apply(t).hits()));
    Columns.number(grid, "Misses", t -> Columns.count(of.apply(t).misses()));
    Columns.number(
        grid,
        "Hit ratio",
        t ->
            of.apply(t).hitRatio() == null
                ? "-"
                : String.format(Locale.ROOT, "%.1f %%", of.apply(t).hitRatio() * 100));
  }

  private void confirmClear(CacheReport cache) {
    var confirm =
        new ConfirmDialog(
            "Clear " + cache.name() + "?",
            "Removes all "
                + cache.total().entries()
                + " entries on every instance; they are read again from their source when needed.",
            "Clear",
            e -> clear(cache));
    confirm.setConfirmButtonTheme("error primary");
    confirm.setCancelable(true);
    confirm.setId("confirm-clear");
    confirm.open();
  }

  private void clear(CacheReport cache) {
    try {
      platform.clearCache(CurrentLogin.accessToken(), cache.name());
      Notifications.success("Cleared " + cache.name() + ".");
      refresh();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }
}
