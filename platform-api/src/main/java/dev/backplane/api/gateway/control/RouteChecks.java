package dev.backplane.api.gateway.control;

import dev.backplane.api.gateway.entity.RouteSpec;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.entity.FieldViolation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of a route's fields that Bean Validation's per-field rules cannot state. */
final class RouteChecks {

  /** The methods a route may serve (TRACE and CONNECT never go through). */
  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** First segments the platform serves itself. */
  private static final Set<String> RESERVED =
      Set.of("api", "console", "health", "metrics", "openapi", "_error");

  /** Segments of unreserved and sub-delimiter characters; no '%', ';' or '\'. */
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,=:@-]+)+");

  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$&'*+.^_`|~-]{1,100}");
  private static final Pattern HEADER_VALUE = Pattern.compile("[^\\x00-\\x08\\x0a-\\x1f\\x7f]*");
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  private static final Pattern PROBE_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,=:@/%?-]*");

  /** Headers the gateway sets or removes itself: a route may not set them. */
  private static final Set<String> OWN_HEADERS =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "upgrade",
          "expect",
          "forwarded",
          "via",
          "x-request-id");

  private static final int MAX_TARGETS = 16;
  private static final int MAX_HEADERS = 30;
  private static final int MAX_ROLES = 20;
  private static final int MAX_BODY_MEGABYTES = 1 << 20;

  private RouteChecks() {}

  /** Throws {@link InvalidInputException} naming every field that breaks a rule. */
  static void check(RouteSpec given) {
    var errors = new ArrayList<FieldViolation>();
    var spec = given.normalized();
    checkPrefix(spec.prefix(), errors);
    var methods = new HashSet<String>();
    for (int i = 0; i < spec.methods().size(); i++) {
      var method = spec.methods().get(i);
      if (method == null || !METHODS.contains(method)) {
        errors.add(new FieldViolation("methods[" + i + "]", "must be one of " + METHODS));
      } else if (!methods.add(method)) {
        errors.add(new FieldViolation("methods[" + i + "]", "is named twice"));
      }
    }
    checkTargets(spec, errors);
    if (spec.connectTimeoutMs() < 1 || spec.connectTimeoutMs() > 60_000) {
      errors.add(new FieldViolation("connectTimeoutMs", "must be 1 to 60,000"));
    }
    if (spec.responseTimeoutMs() < 1 || spec.responseTimeoutMs() > 600_000) {
      errors.add(new FieldViolation("responseTimeoutMs", "must be 1 to 600,000"));
    }
    checkAccess(spec, errors);
    checkHeaders(spec, errors);
    var probe = spec.healthCheck();
    if (probe != null) {
      if (probe.path() == null
          || probe.path().length() > 200
          || !PROBE_PATH.matcher(probe.path()).matches()) {
        errors.add(
            new FieldViolation(
                "healthCheck.path", "must be a path starting with /, at most 200 characters"));
      }
      if (probe.intervalOrDefault() < 1 || probe.intervalOrDefault() > 3600) {
        errors.add(new FieldViolation("healthCheck.intervalSeconds", "must be 1 to 3,600"));
      }
    }
    var maxBody = spec.maxBodyMegabytes();
    if (maxBody != null && (maxBody < 1 || maxBody > MAX_BODY_MEGABYTES)) {
      errors.add(new FieldViolation("maxBodyMegabytes", "must be 1 to 1,048,576 (1 TiB)"));
    }
    var cache = spec.cache();
    if (cache != null && (cache.ttlOrDefault() < 1 || cache.ttlOrDefault() > 86_400)) {
      errors.add(new FieldViolation("cache.ttlSeconds", "must be 1 to 86,400"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  private static void checkPrefix(String prefix, List<FieldViolation> errors) {
    if (prefix.length() > 200 || !PREFIX.matcher(prefix).matches()) {
      errors.add(
          new FieldViolation(
              "prefix",
              "must be a path like /services/orders: segments of letters, digits and ._~-"
                  + " (no trailing /, no %), at most 200 characters"));
      return;
    }
    var segments = prefix.substring(1).split("/");
    for (var segment : segments) {
      if (segment.equals(".") || segment.equals("..")) {
        errors.add(new FieldViolation("prefix", "must not have . or .. segments"));
        return;
      }
    }
    if (RESERVED.contains(segments[0].toLowerCase(Locale.ROOT))) {
      errors.add(
          new FieldViolation(
              "prefix",
              "must not be under /"
                  + segments[0]
                  + ": /api, /console, /health, /metrics and"
                  + " /openapi are the platform's own"));
    }
  }

  private static void checkTargets(RouteSpec spec, List<FieldViolation> errors) {
    var targets = spec.targets();
    if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
      errors.add(new FieldViolation("targets", "must hold 1 to " + MAX_TARGETS + " targets"));
      return;
    }
    for (int i = 0; i < targets.size(); i++) {
      var target = targets.get(i);
      var field = "targets[" + i + "]";
      if (target == null) {
        errors.add(new FieldViolation(field, "is required"));
        continue;
      }
      urlProblem(target.url()).ifPresent(p -> errors.add(new FieldViolation(field + ".url", p)));
      if (target.weightOrDefault() < 1 || target.weightOrDefault() > 100) {
        errors.add(new FieldViolation(field + ".weight", "must be 1 to 100"));
      }
    }
  }

  private static java.util.Optional<String> urlProblem(String url) {
    var problem =
        java.util.Optional.of(
            "must be an http or https URL with a host and optionally a port and base path (no"
                + " user, query or fragment), at most 2,000 characters");
    if (url == null || url.length() > 2000) {
      return problem;
    }
    try {
      var uri = new URI(url);
      var scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || uri.isOpaque()) {
        return problem;
      }
      if (linkLocalLiteral(uri.getHost())) {
        return java.util.Optional.of(
            "must not be a link-local address (169.254.0.0/16, fe80::/10): cloud metadata"
                + " services answer there");
      }
      return java.util.Optional.empty();
    } catch (URISyntaxException e) {
      return problem;
    }
  }

  /** An IP address literal that is link-local (a name is checked when it is resolved). */
  private static boolean linkLocalLiteral(String host) {
    var literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      return false; // a name: no lookup here
    }
    try {
      return NoLinkLocal.linkLocal(java.net.InetAddress.getByName(literal));
    } catch (java.net.UnknownHostException malformed) {
      return false; // not an address after all: the connection will say so
    }
  }

  private static void checkAccess(RouteSpec spec, List<FieldViolation> errors) {
    var roles = spec.roles();
    if (spec.access().equals("roles")) {
      if (roles.isEmpty() || roles.size() > MAX_ROLES) {
        errors.add(
            new FieldViolation("roles", "must name 1 to " + MAX_ROLES + " roles for access roles"));
      }
    } else if (!roles.isEmpty()) {
      errors.add(new FieldViolation("roles", "are only for access roles"));
    }
    for (int i = 0; i < roles.size(); i++) {
      if (roles.get(i) == null || !ROLE.matcher(roles.get(i)).matches()) {
        errors.add(new FieldViolation("roles[" + i + "]", "must be a realm role's name"));
      }
    }
  }

  private static void checkHeaders(RouteSpec spec, List<FieldViolation> errors) {
    if (spec.setHeaders().size() > MAX_HEADERS) {
      errors.add(new FieldViolation("setHeaders", "must hold at most " + MAX_HEADERS + " headers"));
    }
    for (var header : spec.setHeaders().entrySet()) {
      var field = "setHeaders." + header.getKey();
      if (header.getKey() == null || !HEADER_NAME.matcher(header.getKey()).matches()) {
        errors.add(new FieldViolation(field, "must be a header's name"));
      } else if (gatewaysOwn(header.getKey())) {
        errors.add(new FieldViolation(field, "is set by the gateway itself"));
      }
      var value = header.getValue();
      if (value == null || value.length() > 1000 || !HEADER_VALUE.matcher(value).matches()) {
        errors.add(
            new FieldViolation(
                field, "must be a value of at most 1,000 characters, without line breaks"));
      }
    }
    var removed = spec.removeHeaders();
    if (removed.size() > MAX_HEADERS) {
      errors.add(
          new FieldViolation("removeHeaders", "must hold at most " + MAX_HEADERS + " headers"));
    }
    for (int i = 0; i < removed.size(); i++) {
      if (removed.get(i) == null || !HEADER_NAME.matcher(removed.get(i)).matches()) {
        errors.add(new FieldViolation("removeHeaders[" + i + "]", "must be a header's name"));
      }
    }
  }

  /** Whether the gateway decides this header itself (hop-by-hop, forwarding, identity). */
  static boolean gatewaysOwn(String header) {
    var name = header.toLowerCase(Locale.ROOT);
    return OWN_HEADERS.contains(name)
        || name.startsWith("proxy-")
        || name.startsWith("x-forwarded-")
        || name.startsWith("x-backplane-");
  }
}
