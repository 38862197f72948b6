package dev.backplane.console.gateway;

import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValueContext;
import com.vaadin.flow.data.converter.Converter;
import dev.backplane.api.gateway.entity.TargetHealthCheck;

/** A route's health check as one text field holds it: "/health 10" (path, then seconds). */
class HealthCheckText implements Converter<String, TargetHealthCheck> {

  @Override
  public Result<TargetHealthCheck> convertToModel(String text, ValueContext context) {
    if (text == null || text.isBlank()) {
      return Result.ok(null);
    }
    var parts = text.trim().split("\\s+");
    if (parts.length > 2) {
      return Result.error("A path, then optionally the seconds between probes: /health 10");
    }
    try {
      return Result.ok(
          new TargetHealthCheck(parts[0], parts.length == 2 ? Integer.valueOf(parts[1]) : null));
    } catch (NumberFormatException e) {
      return Result.error("The seconds between probes are a whole number: " + parts[1]);
    }
  }

  @Override
  public String convertToPresentation(TargetHealthCheck check, ValueContext context) {
    return check == null ? "" : check.path() + " " + check.intervalOrDefault();
  }
}
