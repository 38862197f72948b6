package dev.backplane.console.gateway;

import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValueContext;
import com.vaadin.flow.data.converter.Converter;
import dev.backplane.api.gateway.entity.RouteCache;

/**
 * Whether a route keeps answers, as one text field holds it: empty (never), "60" (60 s, per caller)
 * or "60 shared" (60 s, shared among callers).
 */
class CacheText implements Converter<String, RouteCache> {

  private static final String SHARED = "shared";

  @Override
  public Result<RouteCache> convertToModel(String text, ValueContext context) {
    if (text == null || text.isBlank()) {
      return Result.ok(null);
    }
    var parts = text.trim().split("\\s+");
    if (parts.length > 2 || (parts.length == 2 && !parts[1].equals(SHARED))) {
      return Result.error("Seconds, then optionally 'shared': 60 or 60 shared");
    }
    try {
      return Result.ok(new RouteCache(Integer.valueOf(parts[0]), parts.length == 1));
    } catch (NumberFormatException e) {
      return Result.error("The seconds are a whole number: " + parts[0]);
    }
  }

  @Override
  public String convertToPresentation(RouteCache cache, ValueContext context) {
    if (cache == null) {
      return "";
    }
    return cache.ttlOrDefault() + (cache.perCallerOrDefault() ? "" : " " + SHARED);
  }
}
