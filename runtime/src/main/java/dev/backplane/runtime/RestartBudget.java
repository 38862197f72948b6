package dev.backplane.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How often a server may be started again: at most {@code max} times within {@code window} each, so
 * that one that dies right after every start (a broken configuration) ends the platform with a
 * clear line instead of restarting forever.
 */
final class RestartBudget {

  private final int max;
  private final Duration window;
  private final Map<String, Deque<Instant>> restarts = new HashMap<>();

  RestartBudget(int max, Duration window) {
    this.max = max;
    this.window = window;
  }

  /** Whether the server may be started again now; if so, the restart is counted. */
  boolean take(String server, Instant now) {
    var recent = restarts.computeIfAbsent(server, s -> new ArrayDeque<>());
    while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
      recent.removeFirst();
    }
    if (recent.size() >= max) {
      return false;
    }
    recent.addLast(now);
    return true;
  }
}
