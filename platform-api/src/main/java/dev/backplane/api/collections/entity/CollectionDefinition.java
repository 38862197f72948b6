package dev.backplane.api.collections.entity;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A collection's definition as the database keeps it: the written spec as JSON, with its version.
 * Never in EclipseLink's shared cache: another instance's change must be read from the database.
 */
@Entity
@Cacheable(false)
@Table(name = "collection_schema")
public class CollectionDefinition {

  private static final Jsonb JSONB = JsonbBuilder.create();

  @Id private String name;

  @Column(nullable = false)
  private long version;

  @Column(nullable = false)
  private String definition;

  // EclipseLink reads "timestamp with time zone" as OffsetDateTime only (kept in UTC)
  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  protected CollectionDefinition() {}

  /** The first version of a collection, its spec normalized. */
  public CollectionDefinition(CollectionSpec spec, Instant now) {
    this.name = spec.name();
    this.version = 1;
    this.definition = JSONB.toJson(spec.normalized());
    this.createdAt = now.atOffset(ZoneOffset.UTC);
    this.updatedAt = this.createdAt;
  }

  /** The next version: the spec it is now, normalized. */
  public void change(CollectionSpec spec, Instant now) {
    this.version++;
    this.definition = JSONB.toJson(spec.normalized());
    this.updatedAt = now.atOffset(ZoneOffset.UTC);
  }

  public long version() {
    return version;
  }

  public String getName() {
    return name;
  }

  public CollectionSpec spec() {
    return JSONB.fromJson(definition, CollectionSpec.class).normalized();
  }

  public Collection toCollection() {
    var spec = spec();
    return new Collection(
        name,
        version,
        spec.fields(),
        spec.indexes(),
        spec.rules(),
        createdAt.toInstant(),
        updatedAt.toInstant());
  }
}
