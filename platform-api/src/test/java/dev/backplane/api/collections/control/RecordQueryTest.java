package dev.backplane.api.collections.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backplane.api.problem.control.InvalidInputException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordQueryTest {

  private static RecordQuery query(String filter, String sort, String after) {
    return RecordQuery.of(
        TableDesignTest.orders(), new RecordQuery.Request(filter, sort, after, null, null));
  }

  private static List<String> problems(String filter) {
    try {
      query(filter, null, null);
      return List.of();
    } catch (InvalidInputException e) {
      return e.violations().stream().map(v -> v.field() + ": " + v.message()).toList();
    }
  }

  @Test
  void aFilterBecomesBoundConditionsOverTheFieldsColumns() {
    var filter =
        query("status==open;(priority=ge=3,code==A_1%*);due=null=false;paid!=true", null, null)
            .filter();
    assertThat(filter.text())
        .isEqualTo(
            "(\"f_status\" = ? and (\"f_priority\" >= ? or \"f_code\" like ? escape '\\')"
                + " and \"f_due\" is not null and (\"f_paid\" <> ? or \"f_paid\" is null))");
    // LIKE's own wildcards in a value are matched as themselves; only * matches any characters
    assertThat(filter.parameters()).containsExactly("open", 3L, "A\\_1\\%%", true);
  }

  @Test
  void valuesAreReadAsTheirFieldsType() {
    var filter = query("due=lt=2026-12-01T10:00:00+01:00;amount=in=(1.5,2)", null, null).filter();
    assertThat(filter.parameters())
        .containsExactly(OffsetDateTime.parse("2026-12-01T09:00:00Z"), 1.5, 2.0);
  }

  @Test
  void eachMistakeNamesWhatIsWrong() {
    assertThat(problems("colour==red"))
        .containsExactly("filter: colour is not a field of the collection's records");
    assertThat(problems("paid=gt=true")).singleElement().asString().contains("compare it with ==");
    assertThat(problems("due==tomorrow")).singleElement().asString().contains("ISO-8601");
    assertThat(problems("a".repeat(2_001))).singleElement().asString().contains("2000 characters");
    assertThat(problems("priority==1,".repeat(33) + "priority==1"))
        .singleElement()
        .asString()
        .contains("more than 32 comparisons");
    assertThat(problems("status=~open")).singleElement().asString().contains("is not RSQL");
    // stars inside a value backtrack on long values (H2 has no statement timeout)
    assertThat(problems("code==*a*b*")).singleElement().asString().contains("start or the end");
    // parentheses inside a quoted value are its text, not nesting
    assertThat(problems("code=='((((((((((x'")).isEmpty();
  }

  @Test
  void aCursorContinuesAfterItsRowWhateverValuesAreMissing() {
    var first = query(null, "-due,priority", null);
    var row = new HashMap<RecordQuery.Column, Object>();
    var columns = RecordQuery.columns(TableDesignTest.orders());
    row.put(columns.get("due"), null);
    row.put(columns.get("priority"), 4L);
    row.put(columns.get("id"), "0b1e8f4c-4a8f-4b9e-9d7c-0a1b2c3d4e5f");
    var next = query(null, "-due,priority", first.cursorAfter(row));
    // descending, no value comes first: after it come its equals, then every record with a due
    assertThat(next.keyset().text())
        .isEqualTo(
            "((\"f_due\" is not null) or (\"f_due\" is null and (\"f_priority\" > ? or"
                + " \"f_priority\" is null)) or (\"f_due\" is null and \"f_priority\" = ? and"
                + " (\"id\" > ? or \"id\" is null)))");
    assertThat(next.keyset().parameters())
        .containsExactly(4L, 4L, "0b1e8f4c-4a8f-4b9e-9d7c-0a1b2c3d4e5f");
    assertThat(next.orderBy())
        .isEqualTo(
            "\"f_due\" desc nulls first, \"f_priority\" asc nulls last, \"id\" asc nulls last");
    assertThatThrownBy(() -> query(null, "priority", first.cursorAfter(row)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aCursorOverColumnsThatAlwaysHoldAValueIsOneRowComparison() {
    var first = query(null, null, null);
    var row = new HashMap<RecordQuery.Column, Object>();
    var columns = RecordQuery.columns(TableDesignTest.orders());
    var created = OffsetDateTime.parse("2026-11-30T21:00:00Z");
    row.put(columns.get("createdAt"), created);
    row.put(columns.get("id"), "0b1e8f4c-4a8f-4b9e-9d7c-0a1b2c3d4e5f");
    var next = query(null, null, first.cursorAfter(row));
    // what the index on (created_at, id) starts from, where page 1,000 is as quick as page 1
    assertThat(next.keyset().text()).isEqualTo("(\"created_at\", \"id\") > (?, ?)");
    assertThat(next.keyset().parameters())
        .containsExactly(created, "0b1e8f4c-4a8f-4b9e-9d7c-0a1b2c3d4e5f");
  }
}
