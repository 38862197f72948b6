package dev.backplane.console.gateway;

import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValueContext;
import com.vaadin.flow.data.converter.Converter;
import dev.backplane.api.gateway.entity.RouteTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A route's targets as a text area holds them: one per line, its URL and optionally its weight
 * ("http://10.0.0.5:8080 3"). The API checks the URLs and weights.
 */
class TargetLines implements Converter<String, List<RouteTarget>> {

  @Override
  public Result<List<RouteTarget>> convertToModel(String text, ValueContext context) {
    var targets = new ArrayList<RouteTarget>();
    if (text == null) {
      return Result.ok(targets);
    }
    for (var line : text.split("\n")) {
      var parts = line.trim().split("\\s+");
      if (parts[0].isEmpty()) {
        continue;
      }
      if (parts.length > 2) {
        return Result.error("One target per line: its URL, then optionally its weight");
      }
      Integer weight = null;
      if (parts.length == 2) {
        try {
          weight = Integer.valueOf(parts[1]);
        } catch (NumberFormatException e) {
          return Result.error("A weight is a whole number: " + parts[1]);
        }
      }
      targets.add(new RouteTarget(parts[0], weight));
    }
    return Result.ok(targets);
  }

  @Override
  public String convertToPresentation(List<RouteTarget> targets, ValueContext context) {
    return targets == null
        ? ""
        : targets.stream()
            .map(target -> target.url() + " " + target.weightOrDefault())
            .collect(Collectors.joining("\n"));
  }
}
