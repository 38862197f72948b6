package dev.backplane.api.collections.control;

import dev.backplane.api.collections.entity.CollectionRules;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.collections.entity.IndexSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The table a collection's records live in: a real table with a typed column per field, so filters,
 * sorts and uniqueness use the database's own indexes. Every identifier comes from the stored
 * schema, checked again here against the name rules and quoted ({@code "c_orders"}, {@code
 * "f_status"}): no text of a request ever becomes SQL. Values are always bound parameters.
 */
public final class TableDesign {

  /** The SQL the two databases the platform runs on differ in. */
  public enum Dialect {
    H2("clob"),
    POSTGRESQL("text");

    private final String longText;

    Dialect(String longText) {
      this.longText = longText;
    }

    /** The dialect of a JDBC URL or data source class name. */
    public static Dialect of(String urlOrClass) {
      return urlOrClass.toLowerCase(java.util.Locale.ROOT).contains("postgres") ? POSTGRESQL : H2;
    }
  }

  private static final Pattern NAME = Pattern.compile(CollectionRules.NAME);
  private static final Pattern FIELD = Pattern.compile(CollectionRules.FIELD);

  private final Dialect dialect;

  public TableDesign(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The quoted table name of a collection. */
  public static String table(String collection) {
    if (!NAME.matcher(collection).matches()) {
      throw new IllegalArgumentException("not a collection name: " + collection);
    }
    return "\"c_" + collection + "\"";
  }

  /** The quoted column of a field, or of a system field (id, owner, created_at...). */
  public static String column(String field) {
    if (!FIELD.matcher(field).matches()) {
      throw new IllegalArgumentException("not a field name: " + field);
    }
    return CollectionRules.SYSTEM_FIELDS.contains(field)
        ? "\"" + field + "\""
        : "\"f_" + field + "\"";
  }

  /** The statements that create a collection's table, its unique fields and its indexes. */
  public List<String> create(CollectionSpec spec) {
    var columns = new ArrayList<String>();
    columns.add("\"id\" varchar(36) primary key");
    columns.add("\"owner\" varchar(255)");
    columns.add("\"created_at\" timestamp with time zone not null");
    columns.add("\"updated_at\" timestamp with time zone not null");
    columns.add("\"version\" bigint not null");
    for (var field : spec.fields()) {
      columns.add(columnDefinition(field));
    }
    var statements = new ArrayList<String>();
    statements.add("create table " + table(spec.name()) + " (" + String.join(", ", columns) + ")");
    for (var field : spec.fields()) {
      if (field.isUnique()) {
        statements.add(index(spec.name(), new IndexSpec(List.of(field.name()), true)));
      }
    }
    for (var index : spec.indexes()) {
      statements.add(index(spec.name(), index));
    }
    statements.addAll(systemIndexes(spec.name()));
    return statements;
  }

  /** The statement that drops a collection's table with its indexes. */
  public String drop(String collection) {
    return "drop table " + table(collection);
  }

  /** The statement that drops a collection's table if there is one. */
  public String dropIfExists(String collection) {
    return "drop table if exists " + table(collection);
  }

  /** The statement that gives a field's column its new type (a text's new length). */
  String retype(String table, FieldSpec field) {
    return "alter table "
        + table
        + " alter column "
        + column(field.name())
        + " set data type "
        + type(field);
  }

  /** A column's definition: its type, and not null when the field is required. */
  String columnDefinition(FieldSpec field) {
    return column(field.name()) + " " + type(field) + (field.isRequired() ? " not null" : "");
  }

  String type(FieldSpec field) {
    return switch (field.type()) {
      case "text", "email", "url" ->
          "varchar("
              + (field.maxLength() == null ? CollectionRules.TEXT_DEFAULT : field.maxLength())
              + ")";
      case "enum" -> "varchar(64)";
      case "reference" -> "varchar(36)";
      case "integer" -> "bigint";
      case "number" -> "double precision";
      case "boolean" -> "boolean";
      case "datetime" -> "timestamp with time zone";
      case "json" -> dialect.longText;
      default -> throw new IllegalArgumentException("not a field type: " + field.type());
    };
  }

  /**
   * An index's statement, named after its collection and fields so that the same index has the same
   * name on every instance and a change can find it again.
   */
  String index(String collection, IndexSpec index) {
    return "create "
        + (index.isUnique() ? "unique " : "")
        + "index \""
        + indexName(collection, index)
        + "\" on "
        + table(collection)
        + " ("
        + index.fields().stream().map(TableDesign::column).collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * An index's name: readable ({@code i_orders_status_priority_u_…}) and unique in the schema,
   * where PostgreSQL keeps index names. Collection and field names may hold '_', so the readable
   * part alone could be another collection's ({@code a_b} on {@code c}, {@code a} on {@code b_c}):
   * a hash of the exact collection and fields ends every name; PostgreSQL keeps 63 bytes of a name,
   * so a long readable part is cut before the hash.
   */
  public static String indexName(String collection, IndexSpec index) {
    table(collection);
    index.fields().forEach(TableDesign::column);
    var readable =
        "i_" + collection + "_" + String.join("_", index.fields()) + (index.isUnique() ? "_u" : "");
    var exact = collection + "(" + String.join(",", index.fields()) + ")" + index.isUnique();
    var hash = String.format("%08x", exact.hashCode());
    return readable.substring(0, Math.min(readable.length(), 54)) + "_" + hash;
  }

  /**
   * The indexes every table has besides its own: creation order (the lists' default order) and
   * owner with creation order (what an owner-only list reads). Named with {@code s_}, which no
   * index of a collection's own fields starts with.
   */
  static List<String> systemIndexes(String collection) {
    var table = table(collection);
    return List.of(
        "create index \"s_" + collection + "_created\" on " + table + " (\"created_at\", \"id\")",
        "create index \"s_"
            + collection
            + "_owner\" on "
            + table
            + " (\"owner\", \"created_at\", \"id\")");
  }
}
