package dev.backplane.api.collections.control;

import static dev.backplane.api.collections.control.TableDesignTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.collections.entity.AccessRules;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.collections.entity.IndexSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changes to a table that holds records, planned and made in a real (in-memory) H2 database. */
class SchemaChangeTest {

  private static final TableDesign DESIGN = new TableDesign(TableDesign.Dialect.H2);

  private Connection db;

  @BeforeEach
  void open() throws SQLException {
    db = DriverManager.getConnection("jdbc:h2:mem:change-" + System.nanoTime());
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  private static CollectionSpec items(List<FieldSpec> fields, List<IndexSpec> indexes) {
    return new CollectionSpec("items", fields, indexes, null).normalized();
  }

  private static FieldSpec text(String name, Integer maxLength, Boolean unique) {
    return new FieldSpec(name, "text", null, unique, null, maxLength, null, null, null, null, null);
  }

  private void create(CollectionSpec spec, String... titles) throws SQLException {
    for (var statement : DESIGN.create(spec)) {
      db.createStatement().execute(statement);
    }
    int n = 0;
    for (var title : titles) {
      try (var insert =
          db.prepareStatement(
              "insert into \"c_items\" (\"id\", \"owner\", \"created_at\", \"updated_at\","
                  + " \"version\", \"f_title\") values (?, 'o', ?, ?, 1, ?)")) {
        insert.setString(1, "00000000-0000-0000-0000-00000000000" + n++);
        insert.setObject(2, OffsetDateTime.now());
        insert.setObject(3, OffsetDateTime.now());
        insert.setString(4, title);
        insert.executeUpdate();
      }
    }
  }

  /** Asks the change's questions (each count), then makes its statements. */
  private List<String> apply(SchemaChange change) throws SQLException {
    var refused = new ArrayList<String>();
    for (var check : change.checks()) {
      try (var query = db.prepareStatement(check.sql())) {
        for (int i = 0; i < check.parameters().size(); i++) {
          query.setObject(i + 1, check.parameters().get(i));
        }
        try (var rows = query.executeQuery()) {
          rows.next();
          if (rows.getLong(1) > 0) {
            refused.add(check.field());
          }
        }
      }
    }
    if (refused.isEmpty()) {
      for (var statement : change.statements()) {
        try (var update = db.prepareStatement(statement.sql())) {
          for (int i = 0; i < statement.parameters().size(); i++) {
            update.setObject(i + 1, statement.parameters().get(i));
          }
          update.executeUpdate();
        }
      }
    }
    return refused;
  }

  @Test
  void anIndexOverSystemFieldsStaysWhenOnlyTheRulesChange() throws SQLException {
    var byOwner = List.of(new IndexSpec(List.of("owner", "title"), true));
    var before = items(List.of(text("title", null, null)), byOwner);
    create(before, "a");
    var after =
        new CollectionSpec(
                "items", before.fields(), byOwner, new AccessRules(null, null, null, null, null))
            .normalized();
    var change = SchemaChange.plan(DESIGN, before, after);
    assertThat(change.statements()).isEmpty();
    assertThat(change.checks()).isEmpty();
  }

  @Test
  void aNewUniqueFieldWithoutADefaultGoesOnATableWithRecords() throws SQLException {
    var before = items(List.of(text("title", null, null)), List.of());
    create(before, "a", "b");
    var after = items(List.of(text("title", null, null), text("sku", null, true)), List.of());
    assertThat(apply(SchemaChange.plan(DESIGN, before, after))).isEmpty();
    var withDefault =
        new FieldSpec(
            "code",
            "text",
            null,
            true,
            null,
            null,
            null,
            null,
            jakarta.json.Json.createValue("x"),
            null,
            null);
    // a new unique field at its default in two records: alike, refused
    assertThat(
            apply(
                SchemaChange.plan(
                    DESIGN,
                    after,
                    items(
                        List.of(text("title", null, null), text("sku", null, true), withDefault),
                        List.of()))))
        .containsExactly("fields[2].unique");
  }

  @Test
  void dropppingAMaxLengthShortensToTheDefaultOnlyWhenEveryValueFits() throws SQLException {
    var before = items(List.of(text("title", 5000, null)), List.of());
    create(before, "x".repeat(1500));
    var after = items(List.of(text("title", null, null)), List.of());
    assertThat(apply(SchemaChange.plan(DESIGN, before, after)))
        .containsExactly("fields[0].maxLength");
  }

  @Test
  void aFieldThatGoesTakesItsIndexesFirst() throws SQLException {
    var before =
        items(
            List.of(text("title", null, null), field("n", "integer")),
            List.of(new IndexSpec(List.of("n", "title"), false)));
    create(before, "a");
    var after = items(List.of(text("title", null, null)), List.of());
    assertThat(apply(SchemaChange.plan(DESIGN, before, after))).isEmpty();
  }
}
