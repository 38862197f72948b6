package dev.backplane.console.api;

import java.util.List;
import java.util.Map;

/** The platform's MicroProfile Health answer: overall status and each check. */
public record Health(String status, List<Check> checks) {

  public record Check(String name, String status, Map<String, String> data) {}

  public boolean up() {
    return "UP".equals(status);
  }
}
