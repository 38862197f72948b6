package dev.backplane.api.collections.entity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A collection as an administrator writes it: its name (also its address under {@code
 * /api/v1/collections}), its typed fields, its indexes and who may do what with its records.
 */
public record CollectionSpec(
    @NotBlank(message = CollectionRules.REQUIRED_MESSAGE)
        @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
        String name,
    // the lists' bounds are CollectionChecks': a @Size here made /openapi an array without items
    @NotNull(message = CollectionRules.REQUIRED_MESSAGE) @Valid List<@NotNull FieldSpec> fields,
    @Valid List<@NotNull IndexSpec> indexes,
    @Valid AccessRules rules) {

  /** The same collection with absent lists empty and absent rules for administrators only. */
  public CollectionSpec normalized() {
    return new CollectionSpec(
        name,
        fields == null ? List.of() : List.copyOf(fields),
        indexes == null ? List.of() : List.copyOf(indexes),
        rules == null ? AccessRules.ADMINISTRATORS_ONLY : rules.normalized());
  }
}
