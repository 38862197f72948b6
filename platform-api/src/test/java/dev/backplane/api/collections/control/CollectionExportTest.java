package dev.backplane.api.collections.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class CollectionExportTest {

  @Test
  void textASpreadsheetWouldRunAsAFormulaIsWrittenAfterAnApostrophe() {
    for (var formula : new String[] {"=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"}) {
      assertThat(CollectionExport.text(Json.createValue(formula))).isEqualTo("'" + formula);
    }
    assertThat(CollectionExport.text(Json.createValue("a=b"))).isEqualTo("a=b");
    assertThat(CollectionExport.text(Json.createValue(""))).isEmpty();
    assertThat(CollectionExport.text(Json.createValue(-5))).isEqualTo("-5");
    assertThat(CollectionExport.text(JsonValue.NULL)).isEmpty();
    assertThat(CollectionExport.text(Json.createObjectBuilder().add("a", 1).build()))
        .isEqualTo("{\"a\":1}");
  }
}
