package dev.backplane.api.collections.control;

import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.RejectedInputException;
import dev.backplane.api.problem.control.UnprocessableContentException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Idempotency keys of creates ({@code Idempotency-Key}, IETF draft): the first request with a key
 * claims it in the transaction of its change and leaves its answer there, so a retry (a client's
 * after a timeout, a load balancer's) finds the answer instead of making a second record. A key is
 * its caller's; the same key with another body or for another collection is refused (422), and a
 * retry while the first is still at work is told to wait (409). Keys are kept {@link #KEPT}.
 */
public final class IdempotencyKeys {

  public static final Duration KEPT = Duration.ofHours(24);

  /** A key as the draft's examples write it (a quoted string) or bare: printable, no quotes. */
  private static final Pattern KEY = Pattern.compile("[\\x21\\x23-\\x7e]{1,255}");

  private static final JsonProvider JSON = JsonProvider.provider();

  /** A request's key: whose, which, for what, and the body it came with. */
  public record Key(String owner, String key, String scope, String fingerprint) {}

  /**
   * Another request claimed the same key first and held it until its end: this one's transaction is
   * rolled back, and its answer is the other's ({@link Records#replay}).
   */
  public static final class Raced extends RuntimeException {
    Raced(Throwable cause) {
      super("another request claimed the same idempotency key", cause);
    }
  }

  private IdempotencyKeys() {}

  private static JsonValue canonical(JsonValue value) {
    return switch (value) {
      case JsonObject object -> {
        var sorted = JSON.createObjectBuilder();
        new TreeMap<>(object).forEach((name, member) -> sorted.add(name, canonical(member)));
        yield sorted.build();
      }
      case JsonArray array -> {
        var items = JSON.createArrayBuilder();
        array.forEach(item -> items.add(canonical(item)));
        yield items.build();
      }
      case JsonNumber number -> {
        var exact = number.bigDecimalValue();
        yield JSON.createValue(
            exact.signum() == 0 ? java.math.BigDecimal.ZERO : exact.stripTrailingZeros());
      }
      default -> value;
    };
  }

  /**
   * The key a header gives, for a caller's request with this body; null without a header.
   *
   * @throws RejectedInputException for a header that is no key (400)
   */
  public static Key of(String header, String owner, String collection, JsonObject body) {
    if (header == null) {
      return null;
    }
    if (owner.isEmpty()) {
      // anonymous callers would share one space of keys: one could answer for another
      throw new RejectedInputException(
          "Idempotency-Key needs a signed-in caller: keys are their caller's own.");
    }
    var key = header.strip();
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1);
    }
    if (!KEY.matcher(key).matches()) {
      throw new RejectedInputException(
          "Idempotency-Key must be 1 to 255 printable characters without quotes or spaces, such"
              + " as a UUID.");
    }
    return new Key(owner, key, scope(collection), fingerprint(body));
  }

  /** What the keys of a collection's record creates are for. */
  static String scope(String collection) {
    return "records:" + collection;
  }

  /** Forgets the keys of a collection's creates, with the collection (its records are gone). */
  static String forgetStatement() {
    return "delete from idempotency_key where scope = ?";
  }

  /** The answer stored for this key, if one is, after checking it was for the same request. */
  static Optional<JsonObject> answer(Connection connection, Key key) throws SQLException {
    try (var select =
        connection.prepareStatement(
            "select scope, fingerprint, answer from idempotency_key"
                + " where owner = ? and idem_key = ? and created_at > ?")) {
      select.setString(1, key.owner());
      select.setString(2, key.key());
      select.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).minus(KEPT));
      try (var rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        if (!rows.getString("scope").equals(key.scope())
            || !rows.getString("fingerprint").equals(key.fingerprint())) {
          throw new UnprocessableContentException(
              "This Idempotency-Key was used for another request (another body or collection);"
                  + " a new request needs a new key.");
        }
        var answer = rows.getString("answer");
        if (answer == null) {
          throw inProgress();
        }
        try (var reader = JSON.createReader(new StringReader(answer))) {
          return Optional.of(reader.readObject());
        }
      }
    }
  }

  /**
   * Claims the key for this request, in the caller's transaction (an expired claim of the same key
   * gives way first). A claim another transaction holds makes this one wait for it and then fail
   * with a unique violation, which the caller answers from the stored answer.
   */
  static void claim(Connection connection, Key key) throws SQLException {
    try (var expired =
        connection.prepareStatement(
            "delete from idempotency_key where owner = ? and idem_key = ? and created_at <= ?")) {
      expired.setString(1, key.owner());
      expired.setString(2, key.key());
      expired.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).minus(KEPT));
      expired.executeUpdate();
    }
    try (var insert =
        connection.prepareStatement(
            "insert into idempotency_key (owner, idem_key, scope, fingerprint, created_at)"
                + " values (?, ?, ?, ?, ?)")) {
      insert.setString(1, key.owner());
      insert.setString(2, key.key());
      insert.setString(3, key.scope());
      insert.setString(4, key.fingerprint());
      insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  /** Leaves the answer with the key, in the transaction that made it. */
  static void answered(Connection connection, Key key, JsonObject answer) throws SQLException {
    try (var update =
        connection.prepareStatement(
            "update idempotency_key set answer = ? where owner = ? and idem_key = ?")) {
      update.setString(1, answer.toString());
      update.setString(2, key.owner());
      update.setString(3, key.key());
      update.executeUpdate();
    }
  }

  static ConflictException inProgress() {
    return new ConflictException(
        "A request with this Idempotency-Key is still at work; retry shortly for its answer.");
  }

  /**
   * The body hashed as what it means: members in name order, numbers by value ({@code 1.0} is
   * {@code 1}), whitespace aside, so a retry that spells the same body otherwise is the same.
   */
  static String fingerprint(JsonObject body) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(canonical(body).toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
