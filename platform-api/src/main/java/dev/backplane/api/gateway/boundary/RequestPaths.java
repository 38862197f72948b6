package dev.backplane.api.gateway.boundary;

import java.util.Locale;

/**
 * The one spelling of a path the gateway takes: what the caller sent, decoded, is what the
 * container routed. Anything else (dot segments, doubled slashes, ';' parameters, an encoded '/',
 * '\' or '.') could be read one way here and another way by the target, so is refused.
 */
final class RequestPaths {

  private RequestPaths() {}

  /**
   * @param raw the path as the caller sent it (encoded, without the query)
   * @param routed the path as the container decoded and normalized it
   */
  static boolean plain(String raw, String routed) {
    if (raw.indexOf(';') >= 0 || raw.indexOf('\\') >= 0 || raw.contains("//")) {
      return false;
    }
    var lower = raw.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e")) {
      return false;
    }
    for (var segment : raw.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    var decoded = decode(raw);
    return decoded != null && decoded.equals(routed);
  }

  /** Percent-decoding as UTF-8 (no '+' for space: that is a query's rule); null when malformed. */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    var bytes = new java.io.ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return null;
      }
    }
    var decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT);
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  /**
   * The raw path without the route's prefix: as many segments taken off as the prefix has (the raw
   * and decoded paths have the same segments, no '/' being encoded). Empty when nothing is left.
   */
  static String stripped(String raw, String prefix) {
    int segments = (int) prefix.chars().filter(c -> c == '/').count();
    int at = 0;
    for (int i = 0; i < segments; i++) {
      at = raw.indexOf('/', at + 1);
      if (at < 0) {
        return "";
      }
    }
    return raw.substring(at);
  }
}
