package dev.backplane.console.layout;

import com.vaadin.flow.component.html.Span;

/** A health or instance status as a coloured badge (console.css: status-badge). */
public final class StatusBadge {

  private StatusBadge() {}

  /** A state that is either as wanted (green) or merely off (grey), such as enabled/disabled. */
  public static Span of(String text, boolean on) {
    var badge = new Span(text);
    badge.addClassNames("status-badge", on ? "up" : "unknown");
    return badge;
  }

  public static Span of(String status) {
    var badge = new Span(status);
    badge.addClassNames(
        "status-badge",
        switch (status) {
          case "UP", "AVAILABLE" -> "up";
          case "DOWN", "UNAVAILABLE" -> "down";
          case "DEGRADED" -> "degraded";
          case "LEAVING" -> "leaving";
          case "STARTING" -> "starting";
          default -> "unknown";
        });
    return badge;
  }
}
