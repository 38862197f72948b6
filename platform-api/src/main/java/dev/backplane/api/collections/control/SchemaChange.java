package dev.backplane.api.collections.control;

import dev.backplane.api.collections.entity.CollectionRules;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.collections.entity.IndexSpec;
import dev.backplane.api.problem.entity.FieldViolation;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What it takes to bring a collection's table from one definition to the next: the changes no table
 * can take (a field's type), the questions the data must answer first (no record without a value
 * for a field that becomes required, none over a new bound, no duplicates under a new uniqueness),
 * and the statements, in an order that always holds (indexes out before their columns go, columns
 * in before their indexes come). Every identifier comes from the two definitions.
 */
public final class SchemaChange {

  /**
   * A question for the data: {@code sql} counts the records that stand in the way, bound to {@code
   * parameters}; any count above zero refuses the change with {@code message} about {@code field}.
   */
  public record Check(String field, String sql, List<Object> parameters, String message) {}

  /** A statement and its bound parameters (a default filled in, say). */
  public record Statement(String sql, List<Object> parameters) {}

  private final List<FieldViolation> refusals = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();

  private SchemaChange() {}

  /** The change from {@code before} to {@code after} (both normalized, same name). */
  public static SchemaChange plan(TableDesign design, CollectionSpec before, CollectionSpec after) {
    var change = new SchemaChange();
    change.plan(design, before.name(), before, after);
    return change;
  }

  /** What no table can take, each naming the field of the new definition; the change is refused. */
  public List<FieldViolation> refusals() {
    return refusals;
  }

  public List<Check> checks() {
    return checks;
  }

  public List<Statement> statements() {
    return statements;
  }

  private void plan(TableDesign design, String name, CollectionSpec before, CollectionSpec after) {
    var table = TableDesign.table(name);
    Map<String, FieldSpec> old = byName(before.fields());
    Map<String, FieldSpec> next = byName(after.fields());
    // the indexes each definition asks for, unique fields' own included
    var oldIndexes = indexes(before);
    var newIndexes = indexes(after);

    // 1. indexes that go go first (an index that stays names fields that stay: CollectionChecks)
    for (var index : oldIndexes) {
      if (!newIndexes.contains(index)) {
        statements.add(
            new Statement(
                "drop index if exists \"" + TableDesign.indexName(name, index) + "\"", List.of()));
      }
    }
    // 2. fields that go
    for (var field : before.fields()) {
      if (!next.containsKey(field.name())) {
        statements.add(
            new Statement(
                "alter table " + table + " drop column " + TableDesign.column(field.name()),
                List.of()));
      }
    }
    // 3. fields that stay and change
    for (int i = 0; i < after.fields().size(); i++) {
      var field = after.fields().get(i);
      var at = "fields[" + i + "]";
      var was = old.get(field.name());
      if (was == null) {
        added(design, table, field, at);
      } else {
        changed(design, table, was, field, at);
      }
    }
    // 4. indexes that come, once their columns are there; their data checked first
    for (var index : newIndexes) {
      if (!oldIndexes.contains(index)) {
        if (index.isUnique()) {
          uniqueness(table, after, index, old, next);
        }
        statements.add(new Statement(design.index(name, index), List.of()));
      }
    }
  }

  /**
   * The question a new unique index asks the records: no two alike in its fields. A field added in
   * the same change holds no value in any record (never two alike), or its default in all of them
   * (alike in all): the question is asked of the fields that were there.
   */
  private void uniqueness(
      String table,
      CollectionSpec after,
      IndexSpec index,
      Map<String, FieldSpec> old,
      Map<String, FieldSpec> next) {
    var existing = new ArrayList<String>();
    for (var field : index.fields()) {
      var added = !old.containsKey(field) && next.containsKey(field);
      if (added && !hasDefault(next.get(field))) {
        return; // no record has a value there: nothing alike
      }
      if (!added) {
        existing.add(field);
      }
    }
    var message =
        "records hold the same "
            + String.join(", ", index.fields())
            + ", so it cannot be unique; change them first";
    if (existing.isEmpty()) {
      // every field new, each at its default: unique while there is at most one record
      checks.add(
          new Check(
              where(after, index),
              // above zero from the second record on
              "select count(*) - 1 from " + table,
              List.of(),
              message));
      return;
    }
    var columns = existing.stream().map(TableDesign::column).collect(Collectors.joining(", "));
    var present =
        existing.stream()
            .map(f -> TableDesign.column(f) + " is not null")
            .collect(Collectors.joining(" and "));
    checks.add(
        new Check(
            where(after, index),
            "select count(*) from (select "
                + columns
                + " from "
                + table
                + " where "
                + present
                + " group by "
                + columns
                + " having count(*) > 1) duplicates",
            List.of(),
            message));
  }

  private void added(TableDesign design, String table, FieldSpec field, String at) {
    var column = TableDesign.column(field.name());
    var nullable =
        new FieldSpec(
            field.name(),
            field.type(),
            false,
            false,
            field.minLength(),
            field.maxLength(),
            field.min(),
            field.max(),
            field.defaultValue(),
            field.values(),
            field.collection());
    statements.add(
        new Statement(
            "alter table " + table + " add " + design.columnDefinition(nullable), List.of()));
    if (hasDefault(field)) {
      // existing records take the default, as a record created without the field would
      statements.add(
          new Statement(
              "update " + table + " set " + column + " = ?",
              List.of(RecordValues.column(field, field.defaultValue()))));
    } else if (field.isRequired()) {
      checks.add(
          new Check(
              at,
              "select count(*) from " + table,
              List.of(),
              "is a new required field without a default, and the collection has records: give it"
                  + " a default, or add it optional first"));
    }
    if (field.isRequired()) {
      statements.add(new Statement(notNull(table, column, true), List.of()));
    }
  }

  private void changed(
      TableDesign design, String table, FieldSpec was, FieldSpec field, String at) {
    var column = TableDesign.column(field.name());
    if (!was.type().equals(field.type()) || !Objects.equals(was.collection(), field.collection())) {
      refusals.add(
          new FieldViolation(
              at + ".type",
              "was "
                  + was.type()
                  + (was.collection() == null ? "" : " of " + was.collection())
                  + ": a field keeps its type; add a field of the new type and drop this one"));
      return;
    }
    if (!design.type(was).equals(design.type(field))) {
      // a text's length (without maxLength, the default's): longer always fits; shorter only
      // when every value does
      int length = Objects.requireNonNullElse(field.maxLength(), CollectionRules.TEXT_DEFAULT);
      int wasLength = Objects.requireNonNullElse(was.maxLength(), CollectionRules.TEXT_DEFAULT);
      if (length < wasLength) {
        checks.add(
            new Check(
                at + ".maxLength",
                "select count(*) from " + table + " where char_length(" + column + ") > ?",
                List.of(length),
                "records hold longer values; shorten them first"));
      }
      statements.add(new Statement(design.retype(table, field), List.of()));
    }
    var longer = Objects.requireNonNullElse(field.minLength(), 0);
    if (longer > Objects.requireNonNullElse(was.minLength(), 0)) {
      checks.add(
          new Check(
              at + ".minLength",
              "select count(*) from " + table + " where char_length(" + column + ") < ?",
              List.of(longer),
              "records hold shorter values; lengthen them first"));
    }
    if (field.min() != null && (was.min() == null || field.min().compareTo(was.min()) > 0)) {
      checks.add(
          new Check(
              at + ".min",
              "select count(*) from " + table + " where " + column + " < ?",
              List.of(field.min()),
              "records hold smaller values; change them first"));
    }
    if (field.max() != null && (was.max() == null || field.max().compareTo(was.max()) < 0)) {
      checks.add(
          new Check(
              at + ".max",
              "select count(*) from " + table + " where " + column + " > ?",
              List.of(field.max()),
              "records hold larger values; change them first"));
    }
    if (field.type().equals("enum")) {
      var gone = new ArrayList<>(was.values() == null ? List.<String>of() : was.values());
      gone.removeAll(field.values() == null ? List.of() : field.values());
      if (!gone.isEmpty()) {
        checks.add(
            new Check(
                at + ".values",
                "select count(*) from "
                    + table
                    + " where "
                    + column
                    + " in ("
                    + gone.stream().map(v -> "?").collect(Collectors.joining(", "))
                    + ")",
                List.copyOf(gone),
                "records hold " + String.join(", ", gone) + "; change them first"));
      }
    }
    if (field.isRequired() && !was.isRequired()) {
      if (hasDefault(field)) {
        statements.add(
            new Statement(
                "update " + table + " set " + column + " = ? where " + column + " is null",
                List.of(RecordValues.column(field, field.defaultValue()))));
      } else {
        checks.add(
            new Check(
                at + ".required",
                "select count(*) from " + table + " where " + column + " is null",
                List.of(),
                "records have no value for it: give it a default, or give them one first"));
      }
      statements.add(new Statement(notNull(table, column, true), List.of()));
    } else if (!field.isRequired() && was.isRequired()) {
      statements.add(new Statement(notNull(table, column, false), List.of()));
    }
  }

  private static String notNull(String table, String column, boolean required) {
    return "alter table "
        + table
        + " alter column "
        + column
        + (required ? " set not null" : " drop not null");
  }

  private static boolean hasDefault(FieldSpec field) {
    return field.defaultValue() != null && field.defaultValue() != JsonValue.NULL;
  }

  /** Where a unique index is in a definition, as a validation problem names it. */
  private static String where(CollectionSpec spec, IndexSpec index) {
    for (int j = 0; j < spec.indexes().size(); j++) {
      var given = spec.indexes().get(j);
      if (given.fields().equals(index.fields()) && given.isUnique()) {
        return "indexes[" + j + "]";
      }
    }
    for (int i = 0; i < spec.fields().size(); i++) {
      if (List.of(spec.fields().get(i).name()).equals(index.fields())) {
        return "fields[" + i + "].unique";
      }
    }
    return "indexes";
  }

  private static Map<String, FieldSpec> byName(List<FieldSpec> fields) {
    return fields.stream()
        .collect(
            Collectors.toMap(
                FieldSpec::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** Every index a definition makes: one per unique field, then its own. */
  static Set<IndexSpec> indexes(CollectionSpec spec) {
    var indexes = new LinkedHashSet<IndexSpec>();
    for (var field : spec.fields()) {
      if (field.isUnique()) {
        indexes.add(new IndexSpec(List.of(field.name()), true));
      }
    }
    for (var index : spec.indexes()) {
      indexes.add(new IndexSpec(index.fields(), index.isUnique()));
    }
    return indexes;
  }
}
