package dev.backplane.api.gateway.boundary;

import dev.backplane.api.gateway.control.ActiveRoute;
import dev.backplane.api.gateway.control.RequestBody;
import dev.backplane.api.gateway.control.UpstreamRequest;
import dev.backplane.api.ratelimit.control.TrustedProxies;
import dev.backplane.api.requestid.boundary.RequestIdFilter;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What goes upstream of a caller's request, and what comes back of a target's answer: hop-by-hop
 * headers (RFC 9110 7.6.1, and those the {@code Connection} header names) stay behind both ways;
 * the caller's {@code X-Forwarded-*}, {@code Forwarded} and {@code X-Backplane-*} headers are
 * believed only from trusted proxies ({@code backplane.rate-limit.trusted-proxies}) or never (the
 * identity headers: the upstream can trust them); the route's header rules apply last.
 */
final class ForwardedRequest {

  /**
   * Names this instance's gateway in {@code Via}, to find requests that come back through it: a
   * pseudonym made at start, so that two Backplane deployments chained (one's route leading to the
   * other's) do not take each other for a loop. A loop through a cluster's load balancer is found
   * when it reaches an instance it passed already: after at most one more hop per instance.
   */
  static final String VIA =
      "1.1 backplane-" + HexFormat.of().toHexDigits(new SecureRandom().nextLong()).substring(4);

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  private ForwardedRequest() {}

  /** Whether the request came through this gateway already (a target that leads back to it). */
  static boolean looped(HttpServletRequest request) {
    for (var via : Collections.list(request.getHeaders("Via"))) {
      for (var hop : via.split(",")) {
        if (hop.trim().equals(VIA)) {
          return true;
        }
      }
    }
    return false;
  }

  static UpstreamRequest of(
      ActiveRoute route, HttpServletRequest request, VerifiedToken token, TrustedProxies proxies)
      throws IOException {
    var spec = route.spec();
    var raw = request.getRequestURI();
    var path = spec.stripPrefix() ? RequestPaths.stripped(raw, spec.prefix()) : raw;
    var query = request.getQueryString();
    var headers = new ArrayList<Map.Entry<String, String>>();
    var skipped = connectionNamed(request.getHeaders("Connection"));
    var removed = new HashSet<String>();
    spec.removeHeaders().forEach(name -> removed.add(name.toLowerCase(Locale.ROOT)));
    spec.setHeaders().keySet().forEach(name -> removed.add(name.toLowerCase(Locale.ROOT)));
    for (var name : Collections.list(request.getHeaderNames())) {
      var lower = name.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)
          || skipped.contains(lower)
          || removed.contains(lower)
          || lower.equals("host")
          || lower.equals("content-length")
          || lower.equals("expect")
          || lower.equals("via")
          || lower.equals("forwarded")
          || lower.startsWith("x-forwarded-")
          || lower.startsWith("x-backplane-")
          || lower.equals(RequestIdFilter.HEADER.toLowerCase(Locale.ROOT))
          || (lower.equals("authorization") && !spec.passToken())) {
        continue;
      }
      for (var value : Collections.list(request.getHeaders(name))) {
        headers.add(Map.entry(name, value));
      }
    }
    forwarding(request, proxies, spec.stripPrefix() ? spec.prefix() : null, headers);
    headers.add(Map.entry(RequestIdFilter.HEADER, RequestIdFilter.requestId(request)));
    if (spec.forwardIdentity() && token != null) {
      headers.add(Map.entry("X-Backplane-Subject", token.subject()));
      if (token.username() != null) {
        headers.add(Map.entry("X-Backplane-User", token.username()));
      }
      headers.add(Map.entry("X-Backplane-Roles", String.join(",", token.groups())));
    }
    // sorted: the same rules give the same headers in the same order
    new TreeMap<>(spec.setHeaders()).forEach((name, value) -> headers.add(Map.entry(name, value)));
    long length = request.getContentLengthLong();
    boolean body = length > 0 || request.getHeader("Transfer-Encoding") != null;
    return new UpstreamRequest(
        request.getMethod(),
        path + (query == null ? "" : "?" + query),
        headers,
        body ? new RequestBody(request.getInputStream(), length, route.maxBodyBytes()) : null);
  }

  /** {@code X-Forwarded-For/-Proto/-Host/-Prefix}, {@code Forwarded} and {@code Via}. */
  private static void forwarding(
      HttpServletRequest request,
      TrustedProxies proxies,
      String strippedPrefix,
      List<Map.Entry<String, String>> headers) {
    var peer = request.getRemoteAddr();
    boolean trusted = proxies.trusts(peer);
    var forwardedFor = trusted ? joined(request, "X-Forwarded-For") : null;
    var proto = trusted ? request.getHeader("X-Forwarded-Proto") : null;
    var host = trusted ? request.getHeader("X-Forwarded-Host") : null;
    // the connection's own scheme otherwise: behind the balancer the container's scheme follows
    // X-Forwarded-Proto from anyone (Payara's scheme mapping), which only a trusted proxy may say
    proto = proto == null ? (request.isSecure() ? "https" : "http") : proto;
    host = host == null ? request.getHeader("Host") : host;
    headers.add(
        Map.entry("X-Forwarded-For", forwardedFor == null ? peer : forwardedFor + ", " + peer));
    headers.add(Map.entry("X-Forwarded-Proto", proto));
    if (host != null) {
      headers.add(Map.entry("X-Forwarded-Host", host));
    }
    if (strippedPrefix != null) {
      headers.add(Map.entry("X-Forwarded-Prefix", strippedPrefix));
    }
    var element =
        "for=\""
            + (peer.indexOf(':') >= 0 ? "[" + peer + "]" : peer)
            + "\";proto="
            + proto
            + (host == null ? "" : ";host=\"" + host.replace("\"", "") + "\"");
    var earlier = trusted ? joined(request, "Forwarded") : null;
    headers.add(Map.entry("Forwarded", earlier == null ? element : earlier + ", " + element));
    var via = joined(request, "Via");
    headers.add(Map.entry("Via", via == null ? VIA : via + ", " + VIA));
  }

  /** The answer's status and headers, less hop-by-hop ones, with this gateway in {@code Via}. */
  static void answerHeaders(
      int status, List<Map.Entry<String, String>> headers, HttpServletResponse response) {
    response.setStatus(status);
    var skipped = new HashSet<String>();
    String via = null;
    for (var header : headers) {
      if (header.getKey().equalsIgnoreCase("Connection")) {
        skipped.addAll(connectionNamed(Collections.enumeration(List.of(header.getValue()))));
      }
    }
    for (var header : headers) {
      var lower = header.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)
          || skipped.contains(lower)
          // the caller gets this request's id (set by RequestIdFilter), not the target's
          || lower.equals(RequestIdFilter.HEADER.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (lower.equals("content-length")) {
        try {
          response.setContentLengthLong(Long.parseLong(header.getValue().trim()));
        } catch (NumberFormatException malformed) {
          // sent chunked instead
        }
      } else if (lower.equals("via")) {
        via = header.getValue();
      } else {
        response.addHeader(header.getKey(), header.getValue());
      }
    }
    response.setHeader("Via", via == null ? VIA : via + ", " + VIA);
  }

  private static Set<String> connectionNamed(java.util.Enumeration<String> values) {
    var names = new HashSet<String>();
    if (values == null) {
      return names;
    }
    for (var value : Collections.list(values)) {
      for (var token : value.split(",")) {
        names.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private static String joined(HttpServletRequest request, String name) {
    var values = Collections.list(request.getHeaders(name));
    return values.isEmpty() ? null : String.join(", ", values);
  }
}
