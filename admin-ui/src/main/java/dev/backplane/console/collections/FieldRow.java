package dev.backplane.console.collections;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValidationException;
import com.vaadin.flow.data.binder.ValueContext;
import com.vaadin.flow.data.converter.Converter;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.console.layout.TextList;
import dev.backplane.console.layout.TrimmedText;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** One field of a collection in the schema editor: its name, type, bounds and default. */
class FieldRow extends FormLayout {

  static final List<String> TYPES =
      List.of(
          "text",
          "integer",
          "number",
          "boolean",
          "datetime",
          "email",
          "url",
          "enum",
          "json",
          "reference");

  /** The types whose default is written as plain text, not as JSON. */
  private static final Set<String> TEXTUAL =
      Set.of("text", "datetime", "email", "url", "enum", "reference");

  final TextField name = new TextField("Field");
  final Select<String> type = new Select<>();
  private final Checkbox required = new Checkbox("Required");
  private final Checkbox unique = new Checkbox("Unique");
  private final IntegerField minLength = new IntegerField("Min length");
  private final IntegerField maxLength = new IntegerField("Max length");
  private final BigDecimalField min = new BigDecimalField("Min");
  private final BigDecimalField max = new BigDecimalField("Max");
  private final TextField values = new TextField("Enum values");
  private final TextField collection = new TextField("Refers to collection");
  private final TextField defaultValue = new TextField("Default");
  private final Button remove = new Button("Remove");
  private final Binder<FieldSpec> binder = new Binder<>(FieldSpec.class);

  FieldRow(FieldSpec field, boolean editable, Consumer<FieldRow> removed) {
    addClassName("schema-row");
    type.setLabel("Type");
    type.setItems(TYPES);
    values.setPlaceholder("open, done");
    defaultValue.setHelperText("As JSON for json, number and boolean fields");
    remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
    remove.addClickListener(e -> removed.accept(this));
    binder.forField(name).withConverter(new TrimmedText()).bind("name");
    binder.forField(type).bind("type");
    binder.forField(required).withConverter(flag()).bind("required");
    binder.forField(unique).withConverter(flag()).bind("unique");
    binder.forField(minLength).bind("minLength");
    binder.forField(maxLength).bind("maxLength");
    binder.forField(min).bind("min");
    binder.forField(max).bind("max");
    binder.forField(values).withConverter(new TextList()).bind("values");
    binder.forField(collection).withConverter(new TrimmedText()).bind("collection");
    binder.forField(defaultValue).withConverter(new DefaultValue()).bind("defaultValue");
    binder.readRecord(field);
    type.addValueChangeListener(e -> showBounds());
    showBounds();
    setResponsiveSteps(new ResponsiveStep("0", 2), new ResponsiveStep("40rem", 6));
    add(name, type, required, unique, minLength, maxLength, min, max, values, collection);
    add(defaultValue, 2);
    if (editable) {
      add(remove);
    } else {
      binder.setReadOnly(true);
    }
  }

  /** Numbers this row's inputs for the page (ids) by its place among the fields. */
  void number(int index) {
    var prefix = "field-" + index + "-";
    name.setId(prefix + "name");
    type.setId(prefix + "type");
    required.setId(prefix + "required");
    unique.setId(prefix + "unique");
    minLength.setId(prefix + "min-length");
    maxLength.setId(prefix + "max-length");
    min.setId(prefix + "min");
    max.setId(prefix + "max");
    values.setId(prefix + "values");
    collection.setId(prefix + "collection");
    defaultValue.setId(prefix + "default");
    remove.setId(prefix + "remove");
  }

  /** Only the bounds the type has. */
  private void showBounds() {
    var chosen = type.getValue() == null ? "" : type.getValue();
    boolean text = Set.of("text", "email", "url").contains(chosen);
    boolean numeric = Set.of("integer", "number").contains(chosen);
    show(minLength, text);
    show(maxLength, text);
    show(min, numeric);
    show(max, numeric);
    show(values, chosen.equals("enum"));
    show(collection, chosen.equals("reference"));
  }

  /** An input the type has, or none: a hidden input holds no value the API would refuse. */
  private static void show(HasValue<?, ?> input, boolean shown) {
    ((Component) input).setVisible(shown);
    if (!shown) {
      input.clear();
    }
  }

  FieldSpec write() throws ValidationException {
    return binder.writeRecord();
  }

  /** This row's inputs by the names the API gives its field errors ({@code fields[2].max}). */
  Map<String, HasValidation> inputs(int index) {
    var at = "fields[" + index + "]";
    return Map.ofEntries(
        Map.entry(at, name),
        Map.entry(at + ".name", name),
        Map.entry(at + ".type", type),
        Map.entry(at + ".required", name),
        Map.entry(at + ".unique", name),
        Map.entry(at + ".minLength", minLength),
        Map.entry(at + ".maxLength", maxLength),
        Map.entry(at + ".min", min),
        Map.entry(at + ".max", max),
        Map.entry(at + ".values", values),
        Map.entry(at + ".collection", collection),
        Map.entry(at + ".default", defaultValue));
  }

  /** A check box for an optional flag: unticked is absent, as the API writes it. */
  static Converter<Boolean, Boolean> flag() {
    return Converter.from(
        ticked -> Result.ok(Boolean.TRUE.equals(ticked) ? Boolean.TRUE : null),
        Boolean.TRUE::equals);
  }

  /** The default as the type takes it: plain text for textual types, JSON for the others. */
  private class DefaultValue implements Converter<String, JsonValue> {

    @Override
    public Result<JsonValue> convertToModel(String text, ValueContext context) {
      if (text == null || text.isBlank()) {
        return Result.ok(null);
      }
      if (type.getValue() == null || TEXTUAL.contains(type.getValue())) {
        return Result.ok(Json.createValue(text.trim()));
      }
      try (var reader = Json.createReader(new StringReader(text))) {
        return Result.ok(reader.readValue());
      } catch (JsonException notJson) {
        return Result.error("must be written as JSON: 3, true, \"text\" or {\"a\": 1}");
      }
    }

    @Override
    public String convertToPresentation(JsonValue value, ValueContext context) {
      if (value == null || value == JsonValue.NULL) {
        return "";
      }
      return value instanceof JsonString string ? string.getString() : value.toString();
    }
  }
}
