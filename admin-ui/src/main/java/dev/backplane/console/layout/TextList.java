package dev.backplane.console.layout;

import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValueContext;
import com.vaadin.flow.data.converter.Converter;
import java.util.Arrays;
import java.util.List;

/**
 * A list as one text field holds it, comma-separated ("owner, role:support"): each item trimmed,
 * blanks dropped, and absent (null) when there is none.
 */
public class TextList implements Converter<String, List<String>> {

  @Override
  public Result<List<String>> convertToModel(String text, ValueContext context) {
    if (text == null || text.isBlank()) {
      return Result.ok(null);
    }
    return Result.ok(
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
  }

  @Override
  public String convertToPresentation(List<String> items, ValueContext context) {
    return items == null ? "" : String.join(", ", items);
  }
}
