package dev.backplane.console.collections;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValidationException;
import com.vaadin.flow.data.converter.Converter;
import dev.backplane.api.collections.entity.Collection;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.security.CurrentLogin;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's form, generated from its collection's fields (an input per type): creates a record, or
 * shows one and, for administrators, replaces its values at the version read or deletes it. The API
 * checks the values; its errors appear under the fields they name.
 */
class RecordDialog extends Dialog {

  private final PlatformClient platform;
  private final Collection collection;
  private final JsonObject record;
  private final Runnable changed;
  private final Binder<Map<String, JsonValue>> binder = new Binder<>();
  private final Map<String, HasValidation> inputs = new LinkedHashMap<>();
  private final Map<String, JsonValue> values = new HashMap<>();

  /**
   * @param record the record to show; null to create one
   * @param editable whether the caller may change it (administrators)
   */
  RecordDialog(
      PlatformClient platform,
      Collection collection,
      JsonObject record,
      boolean editable,
      Runnable changed) {
    this.platform = platform;
    this.collection = collection;
    this.record = record;
    this.changed = changed;
    setId("record-dialog");
    setHeaderTitle(
        record == null
            ? "New record of " + collection.name()
            : collection.name() + " " + record.getString("id"));
    setWidth("min(48rem, 96vw)");
    setCloseOnEsc(true);
    var form = new FormLayout();
    form.setResponsiveSteps(
        new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30rem", 2));
    for (var field : collection.fields()) {
      var input = input(field);
      form.add((Component) input, field.type().equals("json") ? 2 : 1);
      if (record != null) {
        values.put(field.name(), record.getOrDefault(field.name(), JsonValue.NULL));
      }
    }
    binder.setBean(values);
    if (record != null) {
      var system =
          new Paragraph(
              "owner "
                  + record.getString("owner", "")
                  + " · created "
                  + record.getString("createdAt", "")
                  + " · updated "
                  + record.getString("updatedAt", "")
                  + " · version "
                  + record.getJsonNumber("version"));
      system.addClassName("muted");
      system.setId("record-system");
      add(system);
    }
    add(form);

    var close = new Button(editable ? "Cancel" : "Close", e -> close());
    close.setId("record-cancel");
    getFooter().add(close);
    if (editable) {
      if (record != null) {
        var delete = new Button("Delete", e -> confirmDelete());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setId("record-delete");
        getFooter().add(delete);
      }
      var save = new Button(record == null ? "Create" : "Save", e -> save());
      save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      save.setId("record-save");
      getFooter().add(save);
    } else {
      binder.setReadOnly(true);
    }
  }

  /** The input a field's type calls for, bound to the field's value. */
  private HasValue<?, ?> input(FieldSpec field) {
    var label = field.name() + (field.isRequired() ? " *" : "");
    HasValue<?, ?> input =
        switch (field.type()) {
          case "integer", "number" -> {
            var number = new BigDecimalField(label);
            bind(number, field, numbers());
            yield number;
          }
          case "boolean" -> {
            var flag = new Select<Boolean>();
            flag.setLabel(label);
            flag.setItems(Boolean.TRUE, Boolean.FALSE);
            flag.setEmptySelectionAllowed(true);
            bind(flag, field, booleans());
            yield flag;
          }
          case "enum" -> {
            var choice = new Select<String>();
            choice.setLabel(label);
            choice.setItems(field.values() == null ? List.of() : field.values());
            choice.setEmptySelectionAllowed(true);
            bind(choice, field, texts());
            yield choice;
          }
          case "json" -> {
            var json = new TextArea(label);
            json.setHelperText("Any JSON value");
            bind(json, field, json());
            yield json;
          }
          default -> {
            var text = new TextField(label);
            if (field.type().equals("datetime")) {
              text.setHelperText("ISO-8601 with its offset: 2026-12-01T09:00:00Z");
            } else if (field.type().equals("reference")) {
              text.setHelperText("The id of a record of " + field.collection());
            }
            bind(text, field, texts());
            yield text;
          }
        };
    ((Component) input).setId("record-field-" + field.name());
    inputs.put(field.name(), (HasValidation) input);
    return input;
  }

  private <P> void bind(HasValue<?, P> input, FieldSpec field, Converter<P, JsonValue> converter) {
    binder
        .forField(input)
        .withConverter(converter)
        .bind(m -> m.get(field.name()), (m, value) -> m.put(field.name(), value));
  }

  private static Converter<String, JsonValue> texts() {
    return Converter.from(
        text -> Result.ok(text == null || text.isEmpty() ? JsonValue.NULL : Json.createValue(text)),
        RecordsView::shown);
  }

  private static Converter<BigDecimal, JsonValue> numbers() {
    return Converter.from(
        number -> Result.ok(number == null ? JsonValue.NULL : Json.createValue(number)),
        value -> value instanceof JsonNumber number ? number.bigDecimalValue() : null);
  }

  private static Converter<Boolean, JsonValue> booleans() {
    return Converter.from(
        flag -> Result.ok(flag == null ? JsonValue.NULL : flag ? JsonValue.TRUE : JsonValue.FALSE),
        value ->
            value == JsonValue.TRUE
                ? Boolean.TRUE
                : value == JsonValue.FALSE ? Boolean.FALSE : null);
  }

  private static Converter<String, JsonValue> json() {
    return Converter.from(
        text -> {
          if (text == null || text.isBlank()) {
            return Result.ok(JsonValue.NULL);
          }
          try (var reader = Json.createReader(new StringReader(text))) {
            return Result.ok(reader.readValue());
          } catch (JsonException notJson) {
            return Result.error("must be JSON");
          }
        },
        value -> value == null || value == JsonValue.NULL ? "" : value.toString());
  }

  private void save() {
    FieldErrors.clear(inputs);
    try {
      binder.writeBean(values);
    } catch (ValidationException invalid) {
      return; // the binder shows the error under its input
    }
    var body = Json.createObjectBuilder();
    // a field left empty is absent: the record takes the field's default
    values.forEach(
        (field, value) -> {
          if (value != null && value != JsonValue.NULL) {
            body.add(field, value);
          }
        });
    try {
      var token = CurrentLogin.accessToken();
      var saved =
          record == null
              ? platform.createRecord(token, collection.name(), body.build())
              : platform.replaceRecord(
                  token,
                  collection.name(),
                  record.getString("id"),
                  record.getJsonNumber("version").longValue(),
                  body.build());
      Notifications.success(
          record == null
              ? "Record " + saved.getString("id") + " is created."
              : "Record "
                  + saved.getString("id")
                  + " is saved, version "
                  + saved.get("version")
                  + ".");
      changed.run();
      close();
    } catch (ApiException e) {
      if (e.status() == 412) {
        Notifications.error("The record changed since you opened it: open it again.");
        return;
      }
      FieldErrors.show(e, inputs);
    }
  }

  private void confirmDelete() {
    var confirm =
        new ConfirmDialog(
            "Delete this record?",
            "Record " + record.getString("id") + " of " + collection.name() + " goes for good.",
            "Delete",
            e -> delete());
    confirm.setConfirmButtonTheme("error primary");
    confirm.setCancelable(true);
    confirm.setId("confirm-delete-record");
    confirm.open();
  }

  private void delete() {
    try {
      platform.deleteRecord(
          CurrentLogin.accessToken(),
          collection.name(),
          record.getString("id"),
          record.getJsonNumber("version").longValue());
      Notifications.success("Record " + record.getString("id") + " is deleted.");
      changed.run();
      close();
    } catch (ApiException e) {
      Notifications.error(
          e.status() == 412
              ? "The record changed since you opened it: open it again."
              : e.getMessage());
    }
  }
}
