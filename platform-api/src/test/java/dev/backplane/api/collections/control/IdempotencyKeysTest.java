package dev.backplane.api.collections.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backplane.api.problem.control.RejectedInputException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void aBodySpeltOtherwiseIsTheSameRequest() {
    assertThat(IdempotencyKeys.fingerprint(json("{\"a\":1,\"b\":{\"y\":[1.50],\"x\":0}}")))
        .isEqualTo(
            IdempotencyKeys.fingerprint(json("{ \"b\":{\"x\":0.0,\"y\":[1.5]}, \"a\":1.0 }")));
    assertThat(IdempotencyKeys.fingerprint(json("{\"a\":1}")))
        .isNotEqualTo(IdempotencyKeys.fingerprint(json("{\"a\":2}")));
    assertThat(IdempotencyKeys.fingerprint(json("{\"a\":[1,2]}")))
        .isNotEqualTo(IdempotencyKeys.fingerprint(json("{\"a\":[2,1]}")));
  }

  @Test
  void aKeyIsASignedInCallersOwn() {
    var body = json("{}");
    assertThat(IdempotencyKeys.of("\"k-1\"", "alice", "notes", body).key()).isEqualTo("k-1");
    assertThat(IdempotencyKeys.of(null, "alice", "notes", body)).isNull();
    assertThatThrownBy(() -> IdempotencyKeys.of("k-1", "", "notes", body))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> IdempotencyKeys.of("two words", "alice", "notes", body))
        .isInstanceOf(RejectedInputException.class);
  }
}
