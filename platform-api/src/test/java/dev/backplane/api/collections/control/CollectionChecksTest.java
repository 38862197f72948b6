package dev.backplane.api.collections.control;

import static dev.backplane.api.collections.control.TableDesignTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.collections.entity.AccessRules;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.collections.entity.IndexSpec;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionChecksTest {

  private static List<String> problems(
      List<FieldSpec> fields, List<IndexSpec> indexes, AccessRules rules) {
    return CollectionChecks.problems(
            new CollectionSpec("things", fields, indexes, rules).normalized())
        .stream()
        .map(v -> v.field() + " " + v.message())
        .toList();
  }

  private static FieldSpec withDefault(String type, JsonValue value) {
    return new FieldSpec("f", type, null, null, null, null, null, null, value, null, null);
  }

  @Test
  void aSoundCollectionHasNoProblem() {
    assertThat(CollectionChecks.problems(TableDesignTest.orders())).isEmpty();
  }

  @Test
  void fieldNamesAreTheirOwn() {
    assertThat(
            problems(
                List.of(field("id", "text"), field("a", "text"), field("a", "integer")),
                null,
                null))
        .containsExactly(
            "fields[0].name is the name of a system field",
            "fields[2].name is the name of another field");
  }

  @Test
  void boundsFitTheirType() {
    var problems =
        problems(
            List.of(
                new FieldSpec("a", "integer", null, null, 1, null, null, null, null, null, null),
                new FieldSpec("b", "text", null, null, 10, 5, null, null, null, null, null),
                new FieldSpec(
                    "c",
                    "integer",
                    null,
                    null,
                    null,
                    null,
                    new BigDecimal("1.5"),
                    null,
                    null,
                    null,
                    null),
                new FieldSpec(
                    "d",
                    "number",
                    null,
                    null,
                    null,
                    null,
                    BigDecimal.TEN,
                    BigDecimal.ONE,
                    null,
                    null,
                    null)),
            null,
            null);
    assertThat(problems)
        .containsExactly(
            "fields[0].minLength applies to text, email and url only",
            "fields[1].minLength must not be above maxLength",
            "fields[2].min must be a whole number for an integer field",
            "fields[3].min must not be above max");
  }

  @Test
  void enumsListTheirValuesAndReferencesTheirCollection() {
    assertThat(
            problems(
                List.of(field("a", "enum"), field("b", "reference"), field("c", "json")),
                null,
                null))
        .containsExactly(
            "fields[0].values must list the values of an enum",
            "fields[1].collection must name the collection referred to");
  }

  @Test
  void defaultsFitTheirField() {
    assertThat(CollectionChecks.defaultProblem(withDefault("integer", Json.createValue(2.5))))
        .isEqualTo("must be a whole number");
    assertThat(CollectionChecks.defaultProblem(withDefault("boolean", Json.createValue("yes"))))
        .isEqualTo("must be true or false");
    assertThat(CollectionChecks.defaultProblem(withDefault("datetime", Json.createValue("today"))))
        .isEqualTo("must be an ISO-8601 date and time with its offset");
    assertThat(
            CollectionChecks.defaultProblem(withDefault("url", Json.createValue("javascript:x"))))
        .isEqualTo("must be an http or https URL");
    assertThat(CollectionChecks.defaultProblem(withDefault("text", Json.createValue("fine"))))
        .isNull();
    assertThat(CollectionChecks.defaultProblem(withDefault("json", JsonValue.EMPTY_JSON_OBJECT)))
        .isNull();
  }

  @Test
  void anEnumWithoutValuesAndADefaultIsTwoProblemsNotAFailure() {
    assertThat(problems(List.of(withDefault("enum", Json.createValue("x"))), null, null))
        .containsExactly(
            "fields[0].values must list the values of an enum",
            "fields[0].default must be one of the enum's values");
  }

  @Test
  void indexesUseFieldsThatExistAndCanBeIndexed() {
    assertThat(
            problems(
                List.of(field("a", "text"), field("j", "json")),
                List.of(
                    new IndexSpec(List.of("a", "missing", "j", "a"), null),
                    new IndexSpec(List.of("created_at"), null)),
                null))
        .containsExactly(
            "indexes[0].fields[1] is not a field of this collection",
            "indexes[0].fields[2] is a json field, which cannot be indexed",
            "indexes[0].fields[3] is in this index already");
  }

  @Test
  void noIndexIsThereTwice() {
    assertThat(
            problems(
                List.of(
                    new FieldSpec(
                        "a", "text", null, true, null, null, null, null, null, null, null)),
                List.of(
                    new IndexSpec(List.of("a"), false),
                    new IndexSpec(List.of("a"), null),
                    new IndexSpec(List.of("a"), true)),
                null))
        .containsExactly(
            "indexes[1] repeats indexes[0]", "indexes[2] repeats the unique index of a");
  }

  @Test
  void nobodyOwnsARecordBeforeCreatingIt() {
    var rules = new AccessRules(null, null, List.of("authenticated", "owner"), null, null);
    assertThat(problems(List.of(field("a", "text")), null, rules))
        .containsExactly("rules.create[1] cannot be owner: a record has no owner before it exists");
  }
}
