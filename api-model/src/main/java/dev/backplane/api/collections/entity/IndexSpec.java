package dev.backplane.api.collections.entity;

import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** An index over one or more fields, in order; a unique one refuses two records alike in them. */
public record IndexSpec(
    @NotEmpty(message = CollectionRules.REQUIRED_MESSAGE)
        @Size(max = CollectionRules.INDEX_FIELDS_MAX, message = CollectionRules.LIST_MESSAGE)
        List<
                @NotNull(message = CollectionRules.REQUIRED_MESSAGE)
                @Pattern(regexp = CollectionRules.FIELD, message = CollectionRules.FIELD_MESSAGE)
                String>
            fields,
    Boolean unique) {

  /** Whether no two records hold the same value (JSON shows unique). */
  @JsonbTransient
  public boolean isUnique() {
    return Boolean.TRUE.equals(unique);
  }
}
