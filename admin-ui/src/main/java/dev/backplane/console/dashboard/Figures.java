package dev.backplane.console.dashboard;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import dev.backplane.api.instance.entity.InstanceStatus;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Columns;
import java.util.Locale;
import java.util.stream.Collectors;

/** The dashboard's figures: each a count, what it counts, and a link to its view. */
final class Figures {

  private Figures() {}

  static Anchor users(PlatformClient platform, String token) {
    try {
      long total = platform.users(token, "", 0, 1).total();
      return figure("figure-users", "users", Columns.count(total), "users", "in the realm");
    } catch (ApiException e) {
      return unknown("figure-users", "users", "users", e);
    }
  }

  static Anchor policies(PlatformClient platform, String token) {
    try {
      var usage = platform.rateLimitUsage(token);
      long refused = usage.policies().stream().mapToLong(p -> p.refused()).sum();
      return figure(
          "figure-refused",
          "rate-limits",
          Columns.count(refused),
          "refused in 15 min",
          usage.policies().size() + (usage.policies().size() == 1 ? " policy" : " policies"));
    } catch (ApiException e) {
      return unknown("figure-refused", "rate-limits", "refused in 15 min", e);
    }
  }

  static Anchor instances(PlatformClient platform, String token) {
    try {
      var all = platform.instances(token, false).instances();
      long up = all.stream().filter(i -> i.status().equals("UP")).count();
      var others =
          all.stream()
              .filter(i -> !i.status().equals("UP"))
              .collect(
                  Collectors.groupingBy(
                      InstanceStatus::status, java.util.TreeMap::new, Collectors.counting()))
              .entrySet()
              .stream()
              .map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      return figure(
          "figure-instances",
          "instances",
          up + " of " + all.size(),
          "instances up",
          others.isEmpty() ? "all serving" : others);
    } catch (ApiException e) {
      return unknown("figure-instances", "instances", "instances up", e);
    }
  }

  static Anchor caches(PlatformClient platform, String token) {
    try {
      long hits = 0;
      long misses = 0;
      for (var cache : platform.caches(token)) {
        hits += cache.total().hits();
        misses += cache.total().misses();
      }
      var ratio =
          hits + misses == 0
              ? "-"
              : String.format(Locale.ROOT, "%.1f %%", 100.0 * hits / (hits + misses));
      return figure(
          "figure-caches",
          "caches",
          ratio,
          "cache hit ratio",
          Columns.count(hits + misses) + " reads since start");
    } catch (ApiException e) {
      return unknown("figure-caches", "caches", "cache hit ratio", e);
    }
  }

  private static Anchor figure(String id, String view, String value, String label, String note) {
    var number = new Span(value);
    number.addClassName("figure-value");
    var what = new Span(label);
    what.addClassName("figure-label");
    var more = new Span(note);
    more.addClassName("figure-note");
    var link = new Anchor(view, number, what, more);
    link.setId(id);
    link.addClassName("figure");
    return link;
  }

  private static Anchor unknown(String id, String view, String label, ApiException e) {
    var link = figure(id, view, "?", label, "cannot be read now");
    link.setTitle(e.getMessage());
    return link;
  }
}
