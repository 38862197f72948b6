package dev.backplane.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WrkTest {

  @Test
  void theScriptTakesThePathsInTurn() {
    var script = Wrk.script(List.of("/api/v1/users/a-1", "/api/v1/users/b-2?x=1"));

    assertThat(script)
        .contains("local paths = { \"/api/v1/users/a-1\", \"/api/v1/users/b-2?x=1\" }")
        .contains("wrk.format(nil, paths[(n % #paths) + 1])");
  }

  @Test
  void aPathThatWouldBreakOutOfTheLuaStringIsRefused() {
    assertThatThrownBy(() -> Wrk.script(List.of("/x\" os.execute(\"id")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
