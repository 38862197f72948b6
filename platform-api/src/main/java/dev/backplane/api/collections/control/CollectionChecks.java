package dev.backplane.api.collections.control;

import dev.backplane.api.collections.entity.CollectionRules;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.problem.entity.FieldViolation;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What bean validation cannot say of a collection: rules between its parts (a field's bounds that
 * fit its type, defaults that fit their field, indexes over fields that exist). Every problem names
 * the value it is about, as {@code fields[2].max}.
 */
public final class CollectionChecks {

  private static final Set<String> TEXTS = Set.of("text", "email", "url");
  private static final Set<String> NUMBERS = Set.of("integer", "number");

  /** The system fields an index may use besides the collection's own. */
  private static final Set<String> INDEXABLE_SYSTEM_FIELDS =
      Set.of("owner", "created_at", "updated_at");

  private CollectionChecks() {}

  /** The problems of a collection that passed bean validation; empty when it is sound. */
  public static List<FieldViolation> problems(CollectionSpec spec) {
    var problems = new ArrayList<FieldViolation>();
    if (spec.fields().size() > CollectionRules.FIELDS_MAX) {
      problems.add(new FieldViolation("fields", "may hold at most 64 fields"));
    }
    if (spec.indexes().size() > CollectionRules.INDEXES_MAX) {
      problems.add(new FieldViolation("indexes", "may hold at most 16 indexes"));
    }
    var names = new HashSet<String>();
    var types = new java.util.HashMap<String, String>();
    for (int i = 0; i < spec.fields().size(); i++) {
      var field = spec.fields().get(i);
      var at = "fields[" + i + "]";
      if (CollectionRules.SYSTEM_FIELDS.contains(field.name())) {
        problems.add(new FieldViolation(at + ".name", "is the name of a system field"));
      } else if (!names.add(field.name())) {
        problems.add(new FieldViolation(at + ".name", "is the name of another field"));
      }
      types.put(field.name(), field.type());
      field(field, at, problems);
    }
    // two indexes alike would be one table index twice (a unique field has one of its own)
    var indexes = new java.util.HashMap<String, String>();
    for (var field : spec.fields()) {
      if (field.isUnique()) {
        indexes.put(field.name() + "|true", "the unique index of " + field.name());
      }
    }
    for (int i = 0; i < spec.indexes().size(); i++) {
      var index = spec.indexes().get(i);
      var key = String.join(",", index.fields()) + "|" + index.isUnique();
      var earlier = indexes.putIfAbsent(key, "indexes[" + i + "]");
      if (earlier != null) {
        problems.add(new FieldViolation("indexes[" + i + "]", "repeats " + earlier));
      }
      var seen = new HashSet<String>();
      for (int f = 0; f < index.fields().size(); f++) {
        var name = index.fields().get(f);
        var at = "indexes[" + i + "].fields[" + f + "]";
        if (!types.containsKey(name) && !INDEXABLE_SYSTEM_FIELDS.contains(name)) {
          problems.add(new FieldViolation(at, "is not a field of this collection"));
        } else if ("json".equals(types.get(name))) {
          problems.add(new FieldViolation(at, "is a json field, which cannot be indexed"));
        } else if (!seen.add(name)) {
          problems.add(new FieldViolation(at, "is in this index already"));
        }
      }
    }
    var create = spec.rules().create();
    for (int i = 0; i < create.size(); i++) {
      if (create.get(i).equals("owner")) {
        problems.add(
            new FieldViolation(
                "rules.create[" + i + "]",
                "cannot be owner: a record has no owner before it exists"));
      }
    }
    return problems;
  }

  private static void field(FieldSpec field, String at, List<FieldViolation> problems) {
    var type = field.type();
    if (!TEXTS.contains(type) && (field.minLength() != null || field.maxLength() != null)) {
      problems.add(new FieldViolation(at + ".minLength", "applies to text, email and url only"));
    }
    if (field.minLength() != null
        && field.maxLength() != null
        && field.minLength() > field.maxLength()) {
      problems.add(new FieldViolation(at + ".minLength", "must not be above maxLength"));
    }
    if (!NUMBERS.contains(type) && (field.min() != null || field.max() != null)) {
      problems.add(new FieldViolation(at + ".min", "applies to integer and number only"));
    }
    if (type.equals("integer")) {
      wholeNumber(field.min(), at + ".min", problems);
      wholeNumber(field.max(), at + ".max", problems);
    }
    if (field.min() != null && field.max() != null && field.min().compareTo(field.max()) > 0) {
      problems.add(new FieldViolation(at + ".min", "must not be above max"));
    }
    boolean listed = field.values() != null && !field.values().isEmpty();
    if (type.equals("enum") && !listed) {
      problems.add(new FieldViolation(at + ".values", "must list the values of an enum"));
    } else if (!type.equals("enum") && field.values() != null) {
      problems.add(new FieldViolation(at + ".values", "applies to enum only"));
    } else if (listed && new HashSet<>(field.values()).size() < field.values().size()) {
      problems.add(new FieldViolation(at + ".values", "must not repeat a value"));
    }
    if (type.equals("reference") && field.collection() == null) {
      problems.add(new FieldViolation(at + ".collection", "must name the collection referred to"));
    } else if (!type.equals("reference") && field.collection() != null) {
      problems.add(new FieldViolation(at + ".collection", "applies to reference only"));
    }
    if (type.equals("json") && field.isUnique()) {
      problems.add(new FieldViolation(at + ".unique", "cannot hold for a json field"));
    }
    if (field.defaultValue() != null && field.defaultValue() != JsonValue.NULL) {
      var wrong = defaultProblem(field);
      if (wrong != null) {
        problems.add(new FieldViolation(at + ".default", wrong));
      }
    }
  }

  private static void wholeNumber(BigDecimal value, String at, List<FieldViolation> problems) {
    if (value != null && value.stripTrailingZeros().scale() > 0) {
      problems.add(new FieldViolation(at, "must be a whole number for an integer field"));
    }
  }

  /**
   * What is wrong with a field's default value, or null when it fits the field: the same check a
   * record's value gets ({@link RecordValues}).
   */
  static String defaultProblem(FieldSpec field) {
    try {
      RecordValues.column(field, field.defaultValue());
      return null;
    } catch (IllegalArgumentException wrong) {
      return wrong.getMessage();
    }
  }
}
