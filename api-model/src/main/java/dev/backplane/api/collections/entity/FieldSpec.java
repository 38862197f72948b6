package dev.backplane.api.collections.entity;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * A typed field of a collection's records.
 *
 * @param type text, integer, number, boolean, datetime (ISO 8601 with offset), email, url, enum
 *     (one of {@code values}), json (any JSON value) or reference (the id of a record of {@code
 *     collection})
 * @param required absent: optional
 * @param unique no two records hold the same value (absent: not unique)
 * @param minLength bounds of a text, email or url, in characters
 * @param min bounds of an integer or a number
 * @param defaultValue the value a record gets when it is created without one
 */
@JsonbPropertyOrder({
  "name",
  "type",
  "required",
  "unique",
  "minLength",
  "maxLength",
  "min",
  "max",
  "default",
  "values",
  "collection"
})
public record FieldSpec(
    @NotBlank(message = CollectionRules.REQUIRED_MESSAGE)
        @Pattern(regexp = CollectionRules.FIELD, message = CollectionRules.FIELD_MESSAGE)
        String name,
    @NotNull(message = CollectionRules.REQUIRED_MESSAGE)
        @Pattern(regexp = CollectionRules.TYPE, message = CollectionRules.TYPE_MESSAGE)
        String type,
    Boolean required,
    Boolean unique,
    @Min(value = 0, message = "must be from 0 to 10,000")
        @Max(value = CollectionRules.TEXT_MAX, message = "must be from 0 to 10,000")
        Integer minLength,
    @Min(value = 1, message = "must be from 1 to 10,000")
        @Max(value = CollectionRules.TEXT_MAX, message = "must be from 1 to 10,000")
        Integer maxLength,
    BigDecimal min,
    BigDecimal max,
    @JsonbProperty("default") JsonValue defaultValue,
    @Size(max = CollectionRules.ENUM_VALUES_MAX, message = CollectionRules.LIST_MESSAGE)
        List<
                @NotNull(message = CollectionRules.REQUIRED_MESSAGE)
                @Pattern(
                    regexp = CollectionRules.ENUM_VALUE,
                    message = CollectionRules.ENUM_VALUE_MESSAGE)
                String>
            values,
    @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
        String collection) {

  /** Whether a record must have a value (not a property of its own: JSON shows required). */
  @JsonbTransient
  public boolean isRequired() {
    return Boolean.TRUE.equals(required);
  }

  /** Whether no two records hold the same value (JSON shows unique). */
  @JsonbTransient
  public boolean isUnique() {
    return Boolean.TRUE.equals(unique);
  }
}
