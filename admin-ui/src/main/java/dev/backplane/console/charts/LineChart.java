package dev.backplane.console.charts;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn on the server as SVG: one line per series over a time window, the value axis
 * from zero. No npm add-on (the console's front end cannot be rebuilt here; see the design).
 */
public final class LineChart {

  private static final int WIDTH = 420;
  private static final int HEIGHT = 170;
  private static final int LEFT = 44;
  private static final int RIGHT = 8;
  private static final int TOP = 8;
  private static final int BOTTOM = 20;
  private static final String[] COLORS = {
    "#1676f3", "#e8590c", "#2b9a66", "#9c36b5", "#c2255c", "#0b7285", "#5c940d", "#862e9c",
    "#495057"
  };

  /** One value at one time. */
  public record Point(Instant at, double value) {}

  /** A named line, its points in time order. */
  public record Series(String name, List<Point> points) {}

  private LineChart() {}

  /**
   * The chart with its title and legend.
   *
   * @param ceiling the top of the value axis, or 0 to fit the highest value
   * @param format how a value is written on the axis (e.g. "%.0f MB")
   */
  public static Div of(
      String id,
      String title,
      List<Series> series,
      Instant from,
      Instant to,
      double ceiling,
      String format) {
    var chart = new Div();
    chart.setId(id);
    chart.addClassName("chart");
    var heading = new Span(title);
    heading.addClassName("chart-title");
    chart.add(heading, new Html(svg(series, from, to, ceiling, format)), legend(series));
    return chart;
  }

  static String svg(List<Series> series, Instant from, Instant to, double ceiling, String format) {
    double max = ceiling > 0 ? ceiling : niceMax(highest(series));
    double span = Math.max(1, Duration.between(from, to).toMillis());
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    var svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " class=\"chart-svg\">",
            WIDTH,
            HEIGHT));
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotHeight - plotHeight * i / 4;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>",
              LEFT,
              y,
              WIDTH - RIGHT,
              y,
              LEFT - 4,
              y + 4,
              escape(String.format(Locale.ROOT, format, max * i / 4))));
    }
    long minutes = Math.round(span / 60_000);
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"axis\">-%d min</text>"
                + "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"end\">now</text>",
            LEFT,
            HEIGHT - 4,
            minutes,
            WIDTH - RIGHT,
            HEIGHT - 4));
    for (int s = 0; s < series.size(); s++) {
      var points = new StringBuilder();
      for (var point : series.get(s).points()) {
        double x = LEFT + plotWidth * Duration.between(from, point.at()).toMillis() / span;
        double y = TOP + plotHeight - plotHeight * Math.min(point.value(), max) / max;
        if (x >= LEFT) {
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
              color(s),
              points.toString().trim()));
    }
    return svg.append("</svg>").toString();
  }

  private static Div legend(List<Series> series) {
    var legend = new Div();
    legend.addClassName("chart-legend");
    for (int s = 0; s < series.size(); s++) {
      var swatch = new Span();
      swatch.addClassName("chart-swatch");
      swatch.getStyle().set("background", color(s));
      legend.add(swatch, new Span(series.get(s).name()));
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

  /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least the value. */
  static double niceMax(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String color(int index) {
    return COLORS[index % COLORS.length];
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
