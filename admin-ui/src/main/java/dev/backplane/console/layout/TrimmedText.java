package dev.backplane.console.layout;

import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValueContext;
import com.vaadin.flow.data.converter.Converter;

/** A text field's value as the API takes it: trimmed, and absent (null) when blank. */
public class TrimmedText implements Converter<String, String> {

  @Override
  public Result<String> convertToModel(String text, ValueContext context) {
    return Result.ok(text == null || text.isBlank() ? null : text.trim());
  }

  @Override
  public String convertToPresentation(String value, ValueContext context) {
    return value == null ? "" : value;
  }
}
