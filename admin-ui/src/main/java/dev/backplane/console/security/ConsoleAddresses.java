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

  /**
   * The address a request was sent to, as the browser wrote it: the scheme (behind the load
   * balancer, the one it says), the {@code Host} header as sent and the path. Not the container's
   * {@code getRequestURL()}: behind a balancer that ends TLS, Payara takes a {@code Host} without a
   * port for port 80, and a console at {@code https://host/console} would see itself at {@code
   * https://host:80/console} and redirect there forever. Without a {@code Host}, the container's.
   */
  static String requestUrl(String scheme, String host, String path, String containers) {
    if (host == null || host.isBlank()) {
      return containers;
    }
    var lowerScheme = scheme.toLowerCase(Locale.ROOT);
    var authority = host.strip().toLowerCase(Locale.ROOT);
    // the scheme's own port is no part of an address (the load balancer adds :443 for HTTPS)
    var defaultPort =
        lowerScheme.equals("https") ? ":443" : lowerScheme.equals("http") ? ":80" : null;
    if (defaultPort != null && authority.endsWith(defaultPort)) {
      authority = authority.substring(0, authority.length() - defaultPort.length());
    }
    return lowerScheme + "://" + authority + path;
  }

  private static String scheme(String url) {
    var colon = url.indexOf(':');
    return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
