package dev.backplane.api.collections.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A collection as the API shows it: its definition with its version (one more at every schema
 * change) and when it was created and last changed.
 */
@JsonbPropertyOrder({"name", "version", "fields", "indexes", "rules", "createdAt", "updatedAt"})
public record Collection(
    String name,
    long version,
    List<FieldSpec> fields,
    List<IndexSpec> indexes,
    AccessRules rules,
    Instant createdAt,
    Instant updatedAt) {}
