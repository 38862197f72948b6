package dev.backplane.console.charts;

import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn on the server as SVG: one line per series over a time window, the value axis
 * from zero with ticks at round values, the time axis in UTC clock time, a legend, and the values
 * of every series in a tooltip over each slice of time. No npm add-on (the console's front end
 * cannot be rebuilt here; see the design).
 *
 * <p>The SVG is set as the inner HTML of its element ({@link Svg}), so the browser's HTML parser
 * reads it: it keeps {@code viewBox} as SVG spells it and the chart scales to its box. (Vaadin's
 * {@code Html} component parses on the server and wrote {@code viewbox}, which SVG ignores.)
 */
public final class LineChart {

  static final int WIDTH = 480;
  static final int HEIGHT = 200;
  static final int LEFT = 52;
  static final int RIGHT = 14;
  static final int TOP = 22;
  static final int BOTTOM = 36;
  private static final int SLICES = 30;
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK_SECONDS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String[] COLORS = {
    "#1676f3", "#e8590c", "#2b9a66", "#9c36b5", "#c2255c", "#0b7285", "#5c940d", "#862e9c",
    "#495057"
  };

  /** One value at one time. */
  public record Point(Instant at, double value) {}

  /** A named line, its points in time order. */
  public record Series(String name, List<Point> points) {}

  /**
   * What the value axis shows.
   *
   * @param unit written above the axis and after each value in a tooltip, e.g. "MB" or "%"
   * @param ceiling the top of the axis, or 0 to fit the highest value
   */
  public record Axis(String unit, double ceiling) {

    public static Axis of(String unit) {
      return new Axis(unit, 0);
    }

    public static Axis upTo(String unit, double ceiling) {
      return new Axis(unit, ceiling);
    }
  }

  private LineChart() {}

  /** The chart with its title and legend; a sentence instead of lines when there is no data. */
  public static Div of(
      String id, String title, List<Series> series, Instant from, Instant to, Axis axis) {
    var chart = new Div();
    chart.setId(id);
    chart.addClassName("chart");
    var heading = new Span(title);
    heading.addClassName("chart-title");
    var drawing = new Svg(svg(series, from, to, axis));
    drawing.addClassName("chart-drawing");
    chart.add(heading, drawing, legend(series));
    return chart;
  }

  static String svg(List<Series> series, Instant from, Instant to, Axis axis) {
    var ticks = Ticks.upTo(axis.ceiling() > 0 ? axis.ceiling() : highest(series));
    double max = ticks.max();
    double span = Math.max(1, Duration.between(from, to).toMillis());
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double bottom = TOP + plotHeight;
    var svg = new StringBuilder();
    svg.append(
        format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                + " preserveAspectRatio=\"xMidYMid meet\" role=\"img\" class=\"chart-svg\">",
            WIDTH, HEIGHT));
    svg.append(
        format(
            "<text x=\"%d\" y=\"%d\" class=\"axis unit\">%s</text>", 4, 12, escape(axis.unit())));
    for (double value : ticks.values()) {
      double y = bottom - plotHeight * value / max;
      svg.append(
          format(
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" class=\"axis value\" text-anchor=\"end\">%s</text>",
              LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 3.5, escape(ticks.label(value))));
    }
    long minutes = Math.max(1, Math.round(span / 60_000));
    long every = minutes <= 6 ? 1 : minutes <= 20 ? 5 : minutes <= 60 ? 15 : 60;
    var first = from.plus(Duration.ofMinutes(every)).toEpochMilli() / (every * 60_000) * every;
    for (long minute = first; minute * 60_000 <= to.toEpochMilli(); minute += every) {
      var at = Instant.ofEpochMilli(minute * 60_000);
      double x = LEFT + plotWidth * Duration.between(from, at).toMillis() / span;
      if (x < LEFT + 14 || x > WIDTH - RIGHT - 14) {
        continue;
      }
      svg.append(
          format(
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"tick\"/>"
                  + "<text x=\"%.1f\" y=\"%.1f\" class=\"axis time\" text-anchor=\"middle\">%s</text>",
              x, bottom, x, bottom + 4, x, bottom + 15, CLOCK.format(at)));
    }
    svg.append(
        format(
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"baseline\"/>"
                + "<text x=\"%d\" y=\"%d\" class=\"axis time-label\" text-anchor=\"end\">"
                + "time (UTC), last %d min</text>",
            LEFT, bottom, WIDTH - RIGHT, bottom, WIDTH - RIGHT, HEIGHT - 4, minutes));
    boolean empty = series.stream().allMatch(s -> s.points().isEmpty());
    if (empty) {
      svg.append(
          format(
              "<text x=\"%.1f\" y=\"%.1f\" class=\"empty\" text-anchor=\"middle\">"
                  + "No data in this window yet</text>",
              LEFT + plotWidth / 2, TOP + plotHeight / 2));
    }
    for (int s = 0; s < series.size(); s++) {
      var points = new StringBuilder();
      String latest = null;
      for (var point : series.get(s).points()) {
        double x = LEFT + plotWidth * Duration.between(from, point.at()).toMillis() / span;
        if (x < LEFT || x > WIDTH - RIGHT) {
          continue;
        }
        double y = bottom - plotHeight * clamp(point.value(), max) / max;
        latest = format("cx=\"%.1f\" cy=\"%.1f\"", x, y);
        points.append(format("%.1f,%.1f ", x, y));
      }
      svg.append(
          format(
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
              color(s), points.toString().trim()));
      // the latest value as a dot: a line of one point would not show at all
      if (latest != null) {
        svg.append(format("<circle %s r=\"2.5\" fill=\"%s\" class=\"latest\"/>", latest, color(s)));
      }
    }
    hoverSlices(svg, series, from, to, axis, plotWidth, plotHeight);
    return svg.append("</svg>").toString();
  }

  /**
   * A transparent band over each slice of the window whose tooltip lists every series' latest value
   * in it: values on hover without an element per point.
   */
  private static void hoverSlices(
      StringBuilder svg,
      List<Series> series,
      Instant from,
      Instant to,
      Axis axis,
      double plotWidth,
      double plotHeight) {
    long span = Math.max(1, Duration.between(from, to).toMillis());
    double sliceWidth = plotWidth / SLICES;
    for (int slice = 0; slice < SLICES; slice++) {
      var start = from.plusMillis(span * slice / SLICES);
      var end = from.plusMillis(span * (slice + 1) / SLICES);
      var lines = new ArrayList<String>();
      for (var line : series) {
        Point latest = null;
        for (var point : line.points()) {
          if (!point.at().isBefore(start) && point.at().isBefore(end)) {
            latest = point;
          }
        }
        if (latest != null) {
          lines.add(line.name() + ": " + Ticks.plain(latest.value()) + " " + axis.unit());
        }
      }
      if (lines.isEmpty()) {
        continue;
      }
      svg.append(
          format(
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" class=\"slice\">"
                  + "<title>%s</title></rect>",
              LEFT + sliceWidth * slice,
              TOP,
              sliceWidth,
              plotHeight,
              escape(
                  CLOCK_SECONDS.format(start)
                      + "-"
                      + CLOCK_SECONDS.format(end)
                      + " UTC\n"
                      + String.join("\n", lines))));
    }
  }

  private static Div legend(List<Series> series) {
    var legend = new Div();
    legend.addClassName("chart-legend");
    for (int s = 0; s < series.size(); s++) {
      var swatch = new Span();
      swatch.addClassName("chart-swatch");
      swatch.getStyle().set("background", color(s));
      var entry = new Span(swatch, new Span(series.get(s).name()));
      entry.addClassName("chart-legend-entry");
      legend.add(entry);
    }
    return legend;
  }

  private static double highest(List<Series> series) {
    return series.stream()
        .flatMap(s -> s.points().stream())
        .mapToDouble(Point::value)
        .max()
        .orElse(0);
  }

  private static double clamp(double value, double max) {
    return Math.max(0, Math.min(value, max));
  }

  private static String color(int index) {
    return COLORS[index % COLORS.length];
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
