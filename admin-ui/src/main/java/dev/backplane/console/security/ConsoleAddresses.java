package dev.backplane.console.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The public addresses the console is served at: its base address, and optionally an HTTPS one
 * beside an HTTP base (development: {@code ./backplane up} serves both). A login happens on the
 * address the browser is at, so the session cookie comes back with Keycloak's callback and is
 * {@code Secure} under HTTPS; a browser at an address Keycloak does not know (127.0.0.1 for
 * localhost) is first sent to the console's address of the same scheme.
 */
record ConsoleAddresses(List<String> bases) {

  ConsoleAddresses {
    bases = List.copyOf(bases);
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("the console needs a base address");
    }
  }

  static ConsoleAddresses of(String base, Optional<String> httpsBase) {
    var bases = new ArrayList<String>();
    bases.add(withoutSlash(base));
    httpsBase
        .map(ConsoleAddresses::withoutSlash)
        .filter(b -> !bases.contains(b))
        .ifPresent(bases::add);
    return new ConsoleAddresses(bases);
  }

  /** The base address first configured, e.g. http://localhost:8080/console. */
  String primary() {
    return bases.getFirst();
  }

  /** The base address this request URL is under, if it is under one of them. */
  Optional<String> serving(String requestUrl) {
    return bases.stream()
        .filter(base -> requestUrl.equals(base) || requestUrl.startsWith(base + "/"))
        .findFirst();
  }

  /**
   * The base address a request at this URL belongs to: the one it is under, else the first one of
   * its scheme (an HTTPS visitor stays on HTTPS), else the primary one.
   */
  String baseFor(String requestUrl) {
    return serving(requestUrl)
        .or(
            () ->
                bases.stream().filter(base -> scheme(base).equals(scheme(requestUrl))).findFirst())
        .orElse(primary());
  }

  private static String scheme(String url) {
    var colon = url.indexOf(':');
    return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
