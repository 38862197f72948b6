package dev.backplane.api.collections.control;

import dev.backplane.api.collections.entity.CollectionRules;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * A collection's records as JSON Schema (draft 2020-12), for clients that generate types or check a
 * record before sending it: the system fields read-only, each field with its type, bounds, values
 * and default; a field without a value may be null; required are the fields a new record must name
 * (required ones without a default). Made from the definition, so it is always the one in force.
 */
public final class RecordSchema {

  private static final JsonProvider JSON = JsonProvider.provider();
  private static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

  private RecordSchema() {}

  public static JsonObject of(CollectionSpec spec, long version) {
    var properties = JSON.createObjectBuilder();
    properties.add("id", readOnly(string().add("format", "uuid")));
    properties.add(
        "owner",
        readOnly(string().add("description", "The subject of the token that created the record")));
    properties.add("createdAt", readOnly(string().add("format", "date-time")));
    properties.add("updatedAt", readOnly(string().add("format", "date-time")));
    properties.add(
        "version",
        readOnly(
            JSON.createObjectBuilder()
                .add("type", "integer")
                .add("description", "Raised by every change; the record's ETag")));
    var required = JSON.createArrayBuilder();
    for (var field : spec.fields()) {
      properties.add(field.name(), property(field));
      boolean hasDefault = field.defaultValue() != null && field.defaultValue() != JsonValue.NULL;
      if (field.isRequired() && !hasDefault) {
        required.add(field.name());
      }
    }
    return JSON.createObjectBuilder()
        .add("$schema", DRAFT)
        .add("$id", "/api/v1/collections/" + spec.name() + "/schema")
        .add("title", spec.name())
        .add("description", "A record of " + spec.name() + ", definition version " + version)
        .add("type", "object")
        .add("properties", properties)
        .add("required", required)
        .add("additionalProperties", false)
        .build();
  }

  private static JsonObjectBuilder property(FieldSpec field) {
    var property = JSON.createObjectBuilder();
    String type =
        switch (field.type()) {
          case "integer" -> "integer";
          case "number" -> "number";
          case "boolean" -> "boolean";
          case "json" -> null;
          default -> "string";
        };
    if (type != null) {
      property.add(
          "type",
          field.isRequired()
              ? JSON.createValue(type)
              : JSON.createArrayBuilder().add(type).add("null").build());
    }
    switch (field.type()) {
      case "text", "email", "url" -> {
        if (field.minLength() != null && field.minLength() > 0) {
          property.add("minLength", field.minLength());
        }
        property.add(
            "maxLength",
            field.maxLength() == null ? CollectionRules.TEXT_DEFAULT : field.maxLength());
        if (field.type().equals("email")) {
          property.add("format", "email");
        } else if (field.type().equals("url")) {
          property.add("format", "uri");
        }
      }
      case "integer", "number" -> {
        if (field.min() != null) {
          property.add("minimum", field.min());
        }
        if (field.max() != null) {
          property.add("maximum", field.max());
        }
      }
      case "datetime" -> property.add("format", "date-time");
      case "enum" -> {
        var values = JSON.createArrayBuilder();
        field.values().forEach(values::add);
        if (!field.isRequired()) {
          values.addNull();
        }
        property.add("enum", values);
      }
      case "reference" ->
          property
              .add("format", "uuid")
              .add("description", "The id of a record of " + field.collection());
      default -> {
        // json: any JSON value
      }
    }
    if (field.isUnique()) {
      property.add("description", "Unique: no two records hold the same value");
    }
    if (field.defaultValue() != null && field.defaultValue() != JsonValue.NULL) {
      property.add("default", field.defaultValue());
    }
    return property;
  }

  private static JsonObjectBuilder string() {
    return JSON.createObjectBuilder().add("type", "string");
  }

  private static JsonObjectBuilder readOnly(JsonObjectBuilder property) {
    return property.add("readOnly", true);
  }
}
