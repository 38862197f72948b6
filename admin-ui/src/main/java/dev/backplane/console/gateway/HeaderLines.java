package dev.backplane.console.gateway;

import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValueContext;
import com.vaadin.flow.data.converter.Converter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Headers a route sets, as a text area holds them: one per line, "Name: value". */
class HeaderLines implements Converter<String, Map<String, String>> {

  @Override
  public Result<Map<String, String>> convertToModel(String text, ValueContext context) {
    var headers = new LinkedHashMap<String, String>();
    if (text == null) {
      return Result.ok(headers);
    }
    for (var line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return Result.error("One header per line: Name: value");
      }
      headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    return Result.ok(headers);
  }

  @Override
  public String convertToPresentation(Map<String, String> headers, ValueContext context) {
    return headers == null
        ? ""
        : headers.entrySet().stream()
            .map(header -> header.getKey() + ": " + header.getValue())
            .collect(Collectors.joining("\n"));
  }
}
