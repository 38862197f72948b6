package dev.backplane.api.collections.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.collections.entity.IndexSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A collection's table, created by its statements in a real (in-memory) H2 database. */
class TableDesignTest {

  private Connection db;

  @BeforeEach
  void open() throws SQLException {
    db = DriverManager.getConnection("jdbc:h2:mem:design-" + System.nanoTime());
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  static FieldSpec field(String name, String type) {
    return new FieldSpec(name, type, null, null, null, null, null, null, null, null, null);
  }

  static CollectionSpec orders() {
    return new CollectionSpec(
            "orders",
            List.of(
                new FieldSpec("title", "text", true, null, 1, 200, null, null, null, null, null),
                new FieldSpec(
                    "status",
                    "enum",
                    true,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of("open", "done"),
                    null),
                field("priority", "integer"),
                field("amount", "number"),
                field("paid", "boolean"),
                field("due", "datetime"),
                new FieldSpec("code", "text", null, true, null, 20, null, null, null, null, null),
                field("details", "json"),
                new FieldSpec(
                    "customer",
                    "reference",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "customers")),
            List.of(new IndexSpec(List.of("status", "priority"), false)),
            null)
        .normalized();
  }

  @Test
  void everyFieldIsATypedColumnBesideTheSystemColumns() throws SQLException {
    for (var statement : new TableDesign(TableDesign.Dialect.H2).create(orders())) {
      db.createStatement().execute(statement);
    }

    var columns = new TreeMap<String, String>();
    try (var rows = db.getMetaData().getColumns(null, null, "c_orders", null)) {
      while (rows.next()) {
        columns.put(
            rows.getString("COLUMN_NAME"),
            rows.getString("TYPE_NAME") + (rows.getInt("NULLABLE") == 0 ? " not null" : ""));
      }
    }
    assertThat(columns)
        .containsEntry("id", "CHARACTER VARYING not null")
        .containsEntry("version", "BIGINT not null")
        .containsEntry("created_at", "TIMESTAMP WITH TIME ZONE not null")
        .containsEntry("f_title", "CHARACTER VARYING not null")
        .containsEntry("f_status", "CHARACTER VARYING not null")
        .containsEntry("f_priority", "BIGINT")
        .containsEntry("f_amount", "DOUBLE PRECISION")
        .containsEntry("f_paid", "BOOLEAN")
        .containsEntry("f_due", "TIMESTAMP WITH TIME ZONE")
        .containsEntry("f_details", "CHARACTER LARGE OBJECT")
        .containsEntry("f_customer", "CHARACTER VARYING")
        .hasSize(14);
    assertThat(indexes())
        .contains(
            TableDesign.indexName("orders", new IndexSpec(List.of("status", "priority"), false)),
            TableDesign.indexName("orders", new IndexSpec(List.of("code"), true)),
            "s_orders_created",
            "s_orders_owner");
  }

  @Test
  void aUniqueFieldRefusesASecondRecordWithItsValue() throws SQLException {
    for (var statement : new TableDesign(TableDesign.Dialect.H2).create(orders())) {
      db.createStatement().execute(statement);
    }
    insert("a", "A-1");
    assertThatThrownBy(() -> insert("b", "A-1")).isInstanceOf(SQLException.class);
    insert("c", "A-2");
  }

  @Test
  void namesAreCheckedAgainAndQuoted() {
    assertThat(TableDesign.table("orders")).isEqualTo("\"c_orders\"");
    assertThat(TableDesign.column("status")).isEqualTo("\"f_status\"");
    assertThat(TableDesign.column("created_at")).isEqualTo("\"created_at\"");
    for (var hostile : List.of("x\"; drop table audit_event; --", "Orders", "", "a b", "1a")) {
      assertThatThrownBy(() -> TableDesign.table(hostile))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> TableDesign.column(hostile))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void indexNamesAreReadableAndNeverAnotherCollections() {
    assertThat(TableDesign.indexName("orders", new IndexSpec(List.of("status"), true)))
        .startsWith("i_orders_status_u_");
    assertThat(TableDesign.indexName("a_b", new IndexSpec(List.of("c"), false)))
        .isNotEqualTo(TableDesign.indexName("a", new IndexSpec(List.of("b_c"), false)));
  }

  @Test
  void aLongIndexNameFitsPostgresql() {
    var fields = new ArrayList<String>();
    for (int i = 0; i < 8; i++) {
      fields.add("a_rather_long_field_name_" + i);
    }
    var statement =
        new TableDesign(TableDesign.Dialect.POSTGRESQL)
            .index("a_collection_with_a_long_name", new IndexSpec(fields, true));
    var name = statement.split(" ")[3];
    assertThat(name.length() - 2).isLessThanOrEqualTo(63);
    assertThat(new TableDesign(TableDesign.Dialect.POSTGRESQL).type(field("details", "json")))
        .isEqualTo("text");
  }

  @Test
  void droppingRemovesTheTable() throws SQLException {
    var design = new TableDesign(TableDesign.Dialect.H2);
    for (var statement : design.create(orders())) {
      db.createStatement().execute(statement);
    }
    db.createStatement().execute(design.drop("orders"));
    try (var tables = db.getMetaData().getTables(null, null, "c_orders", null)) {
      assertThat(tables.next()).isFalse();
    }
  }

  private void insert(String id, String code) throws SQLException {
    try (var insert =
        db.prepareStatement(
            "insert into \"c_orders\" (\"id\", \"created_at\", \"updated_at\", \"version\","
                + " \"f_title\", \"f_status\", \"f_code\") values (?, ?, ?, 1, 't', 'open', ?)")) {
      var now = Timestamp.from(Instant.now());
      insert.setString(1, id);
      insert.setTimestamp(2, now);
      insert.setTimestamp(3, now);
      insert.setString(4, code);
      insert.executeUpdate();
    }
  }

  private List<String> indexes() throws SQLException {
    var names = new ArrayList<String>();
    try (var rows = db.getMetaData().getIndexInfo(null, null, "c_orders", false, false)) {
      while (rows.next()) {
        names.add(rows.getString("INDEX_NAME"));
      }
    }
    return names;
  }
}
