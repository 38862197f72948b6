package dev.backplane.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StructuredFieldsTest {

  @Test
  void parsesTheRateLimitFieldsOfTheDraft() {
    var items = StructuredFields.list("\"burst\";q=100;w=60, \"daily\";q=1000;w=86400");

    assertThat(items).hasSize(2);
    assertThat(items.get(0).value()).isEqualTo("burst");
    assertThat(items.get(0).integer("q")).isEqualTo(100);
    assertThat(items.get(1).integer("w")).isEqualTo(86400);
    assertThat(StructuredFields.list("\"a\\\"b\";r=0;t=17").get(0).value()).isEqualTo("a\"b");
    assertThat(StructuredFields.list("tok;x;y=?0, 1.5, :AQI=:").get(0).parameters())
        .containsEntry("x", true)
        .containsEntry("y", false);
  }

  @Test
  void refusesWhatTheRfcDoesNotAllow() {
    for (var bad :
        new String[] {
          "\"burst\";q=100,",
          "burst\";q=1",
          "\"a\";Q=1",
          "\"a\";q=1234567890123456",
          "\"a\" \"b\"",
          "\"a\";q=1.2345",
          "\"é\""
        }) {
      assertThatThrownBy(() -> StructuredFields.list(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
