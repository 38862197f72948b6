package dev.backplane.runtime.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of RFC 8941 structured-field lists (no inner lists): what a client of the
 * RateLimit headers would run. Anything the RFC does not allow fails the parse.
 */
public final class StructuredFields {

  /** A list member: its bare item (String, Long, BigDecimal, Boolean, Token or byte[]). */
  public record Item(Object value, Map<String, Object> parameters) {

    public long integer(String parameter) {
      if (!(parameters.get(parameter) instanceof Long value)) {
        throw new IllegalArgumentException(parameter + " is not an integer parameter: " + this);
      }
      return value;
    }
  }

  /** An sf-token (unquoted). */
  public record Token(String text) {}

  private final String input;
  private int at;

  private StructuredFields(String input) {
    this.input = input;
  }

  public static List<Item> list(String field) {
    var parser = new StructuredFields(field);
    parser.skipSpaces();
    var members = new ArrayList<Item>();
    if (parser.done()) {
      return members;
    }
    while (true) {
      members.add(parser.item());
      parser.skipOws();
      if (parser.done()) {
        return members;
      }
      parser.expect(',');
      parser.skipOws();
      if (parser.done()) {
        throw parser.error("a list ends after a comma");
      }
    }
  }

  private Item item() {
    var value = bareItem();
    var parameters = new LinkedHashMap<String, Object>();
    while (!done() && peek() == ';') {
      at++;
      skipSpaces();
      var key = key();
      Object parameter = Boolean.TRUE;
      if (!done() && peek() == '=') {
        at++;
        parameter = bareItem();
      }
      parameters.put(key, parameter);
    }
    return new Item(value, parameters);
  }

  private Object bareItem() {
    if (done()) {
      throw error("an item is missing");
    }
    char c = peek();
    if (c == '-' || Character.isDigit(c)) {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == '*' || Character.isLetter(c)) {
      return token();
    }
    if (c == ':') {
      return bytes();
    }
    if (c == '?') {
      at++;
      char b = next();
      if (b != '0' && b != '1') {
        throw error("a boolean is ?0 or ?1");
      }
      return b == '1';
    }
    throw error("no item starts with '" + c + "'");
  }

  private Object number() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    int digits = 0;
    int point = -1;
    while (!done() && (Character.isDigit(peek()) || (peek() == '.' && point < 0))) {
      if (peek() == '.') {
        if (digits > 12) {
          throw error("a decimal has at most 12 integer digits");
        }
        point = at;
      } else {
        digits++;
      }
      at++;
    }
    var text = input.substring(start, at);
    if (point < 0) {
      if (digits == 0 || digits > 15) {
        throw error("an integer has 1 to 15 digits");
      }
      return Long.parseLong(text);
    }
    int fraction = at - point - 1;
    if (fraction < 1 || fraction > 3) {
      throw error("a decimal has 1 to 3 fractional digits");
    }
    return new BigDecimal(text);
  }

  private String string() {
    at++;
    var out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '\\') {
        char escaped = next();
        if (escaped != '"' && escaped != '\\') {
          throw error("only \\\" and \\\\ are escapes");
        }
        out.append(escaped);
      } else if (c == '"') {
        return out.toString();
      } else if (c < 0x20 || c > 0x7e) {
        throw error("a string holds printable ASCII only");
      } else {
        out.append(c);
      }
    }
  }

  private Token token() {
    int start = at++;
    while (!done() && (isTchar(peek()) || peek() == ':' || peek() == '/')) {
      at++;
    }
    return new Token(input.substring(start, at));
  }

  private byte[] bytes() {
    at++;
    int start = at;
    while (!done() && peek() != ':') {
      at++;
    }
    expect(':');
    return java.util.Base64.getDecoder().decode(input.substring(start, at - 1));
  }

  private String key() {
    if (done() || !(peek() == '*' || (peek() >= 'a' && peek() <= 'z'))) {
      throw error("a key starts with a lower-case letter or '*'");
    }
    int start = at++;
    while (!done()
        && ((peek() >= 'a' && peek() <= 'z')
            || Character.isDigit(peek())
            || "_-.*".indexOf(peek()) >= 0)) {
      at++;
    }
    return input.substring(start, at);
  }

  private static boolean isTchar(char c) {
    return Character.isLetterOrDigit(c) && c < 0x80 || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private void skipSpaces() {
    while (!done() && peek() == ' ') {
      at++;
    }
  }

  private void skipOws() {
    while (!done() && (peek() == ' ' || peek() == '\t')) {
      at++;
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("'" + c + "' expected");
    }
  }

  private boolean done() {
    return at >= input.length();
  }

  private char peek() {
    return input.charAt(at);
  }

  private char next() {
    if (done()) {
      throw error("the field ends too soon");
    }
    return input.charAt(at++);
  }

  private IllegalArgumentException error(String why) {
    return new IllegalArgumentException(
        "not an RFC 8941 list at " + at + " (" + why + "): " + input);
  }
}
