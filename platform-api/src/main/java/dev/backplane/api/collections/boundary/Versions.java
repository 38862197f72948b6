package dev.backplane.api.collections.boundary;

/** Versions in entity tags: a record's or a collection's version, as {@code "3"}. */
final class Versions {

  private Versions() {}

  /**
   * The version an If-Match names: null when there is none or it is {@code *} (any version), and
   * -1, which nothing has, when it names anything but one version (a weak tag never matches for a
   * change, RFC 9110 13.1.1).
   */
  static Long expected(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
      return null;
    }
    var tag = ifMatch.strip();
    if (tag.matches("\"[0-9]{1,18}\"")) {
      return Long.parseLong(tag.substring(1, tag.length() - 1));
    }
    return -1L;
  }
}
