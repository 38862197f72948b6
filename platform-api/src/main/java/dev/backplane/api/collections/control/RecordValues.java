package dev.backplane.api.collections.control;

import dev.backplane.api.collections.entity.CollectionRules;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.problem.entity.FieldViolation;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's values between JSON and its table's columns: what a caller sends, checked field by
 * field against the collection's definition (each problem naming its field), and what a row holds,
 * as JSON again.
 */
public final class RecordValues {

  private static final JsonProvider JSON = JsonProvider.provider();
  private static final String DATETIME_MESSAGE =
      "must be an ISO-8601 date and time with its offset";
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /** The column values of a new record, by field name, in the definition's order. */
  public record Checked(Map<String, Object> values, List<FieldViolation> problems) {}

  private RecordValues() {}

  /**
   * A record's values as a body gives them whole (a new record, a replaced one, a patched one after
   * its patch): every field of the body known and valid, absent or null ones at their default,
   * required ones present. The system fields are the platform's to set.
   */
  public static Checked check(CollectionSpec spec, JsonObject body) {
    var problems = new ArrayList<FieldViolation>();
    var fields = new LinkedHashMap<String, FieldSpec>();
    spec.fields().forEach(field -> fields.put(field.name(), field));
    for (var key : body.keySet()) {
      if (CollectionRules.SYSTEM_FIELDS.contains(key) || isSystemName(key)) {
        problems.add(new FieldViolation(key, "is set by the platform"));
      } else if (!fields.containsKey(key)) {
        problems.add(new FieldViolation(key, "is not a field of " + spec.name()));
      }
    }
    var values = new LinkedHashMap<String, Object>();
    for (var field : fields.values()) {
      var given = body.get(field.name());
      if (given == null || given == JsonValue.NULL) {
        given = field.defaultValue() == JsonValue.NULL ? null : field.defaultValue();
      }
      if (given == null) {
        if (field.isRequired()) {
          problems.add(new FieldViolation(field.name(), CollectionRules.REQUIRED_MESSAGE));
        }
        values.put(field.name(), null);
        continue;
      }
      try {
        values.put(field.name(), column(field, given));
      } catch (IllegalArgumentException wrong) {
        problems.add(new FieldViolation(field.name(), wrong.getMessage()));
      }
    }
    return new Checked(values, problems);
  }

  /** The names a record shows its system fields under. */
  static boolean isSystemName(String key) {
    return key.equals("createdAt") || key.equals("updatedAt");
  }

  /** A JSON value as its field's column takes it; a message for the caller when it does not fit. */
  static Object column(FieldSpec field, JsonValue value) {
    return switch (field.type()) {
      case "text", "email", "url", "enum", "reference" -> text(field, value);
      case "integer" -> {
        var number = number(value);
        if (number.stripTrailingZeros().scale() > 0
            || number.compareTo(LONG_MIN) < 0
            || number.compareTo(LONG_MAX) > 0) {
          throw new IllegalArgumentException("must be a whole number");
        }
        bounds(field, number);
        yield number.longValueExact();
      }
      case "number" -> {
        var number = number(value);
        bounds(field, number);
        double result = number.doubleValue();
        if (!Double.isFinite(result)) {
          throw new IllegalArgumentException("must be a finite number");
        }
        yield result;
      }
      case "boolean" -> {
        if (value == JsonValue.TRUE) {
          yield Boolean.TRUE;
        }
        if (value == JsonValue.FALSE) {
          yield Boolean.FALSE;
        }
        throw new IllegalArgumentException("must be true or false");
      }
      case "datetime" -> {
        if (!(value instanceof JsonString string)) {
          throw new IllegalArgumentException(DATETIME_MESSAGE);
        }
        try {
          // as the databases keep it (microseconds), so the answer equals a later read
          yield OffsetDateTime.parse(string.getString())
              .withOffsetSameInstant(ZoneOffset.UTC)
              .truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(DATETIME_MESSAGE);
        }
      }
      case "json" -> value.toString();
      default -> throw new IllegalStateException("not a field type: " + field.type());
    };
  }

  private static String text(FieldSpec field, JsonValue value) {
    if (!(value instanceof JsonString string)) {
      throw new IllegalArgumentException("must be a string");
    }
    var text = string.getString();
    switch (field.type()) {
      case "enum" -> {
        if (field.values() == null || !field.values().contains(text)) {
          throw new IllegalArgumentException(
              field.values() == null
                  ? "must be one of the enum's values"
                  : "must be one of " + String.join(", ", field.values()));
        }
        return text;
      }
      case "reference" -> {
        if (!text.matches("[0-9a-f-]{36}")) {
          throw new IllegalArgumentException("must be the id of a record of " + field.collection());
        }
        return text;
      }
      case "email" -> {
        if (!text.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
          throw new IllegalArgumentException("must be an email address");
        }
      }
      case "url" -> {
        try {
          var uri = new URI(text);
          if (uri.getScheme() == null
              || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
              || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http or https URL");
          }
        } catch (URISyntaxException e) {
          throw new IllegalArgumentException("must be an http or https URL");
        }
      }
      default -> {
        // text: its bounds only
      }
    }
    int length = text.codePointCount(0, text.length());
    int max = field.maxLength() == null ? CollectionRules.TEXT_DEFAULT : field.maxLength();
    int min = field.minLength() == null ? 0 : field.minLength();
    if (length < min || length > max) {
      throw new IllegalArgumentException(
          min > 0
              ? "must be " + min + " to " + max + " characters long"
              : "must be at most " + max + " characters long");
    }
    return text;
  }

  private static BigDecimal number(JsonValue value) {
    if (!(value instanceof JsonNumber number)) {
      throw new IllegalArgumentException("must be a number");
    }
    return number.bigDecimalValue();
  }

  private static void bounds(FieldSpec field, BigDecimal number) {
    if (field.min() != null && number.compareTo(field.min()) < 0) {
      throw new IllegalArgumentException("must be at least " + field.min().toPlainString());
    }
    if (field.max() != null && number.compareTo(field.max()) > 0) {
      throw new IllegalArgumentException("must be at most " + field.max().toPlainString());
    }
  }

  /** A column's value as its field's JSON; null for SQL NULL. */
  public static JsonValue json(FieldSpec field, Object column) {
    if (column == null) {
      return JsonValue.NULL;
    }
    return switch (field.type()) {
      case "integer" -> JSON.createValue(((Number) column).longValue());
      case "number" -> JSON.createValue(((Number) column).doubleValue());
      case "boolean" -> (Boolean) column ? JsonValue.TRUE : JsonValue.FALSE;
      case "datetime" -> JSON.createValue(instant(column));
      case "json" -> JSON.createReader(new StringReader(text(column))).readValue();
      default -> JSON.createValue(text(column));
    };
  }

  /** A timestamp as ISO-8601 in UTC, whatever type the driver read it as. */
  static String instant(Object column) {
    return switch (column) {
      case OffsetDateTime time -> time.toInstant().toString();
      case java.sql.Timestamp timestamp -> timestamp.toInstant().toString();
      case java.time.Instant instant -> instant.toString();
      default -> column.toString();
    };
  }

  /** A character column's text, also when the driver read a large one as a Clob. */
  static String text(Object column) {
    if (column instanceof java.sql.Clob clob) {
      try {
        return clob.getSubString(1, (int) clob.length());
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("a text column cannot be read", e);
      }
    }
    return column.toString();
  }
}
