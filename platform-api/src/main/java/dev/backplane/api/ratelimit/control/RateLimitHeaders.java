package dev.backplane.api.ratelimit.control;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} response fields of
 * draft-ietf-httpapi-ratelimit-headers, as RFC 8941 structured fields: each a list with one item
 * per policy that applied, the item a string (the policy's name) with integer parameters.
 *
 * <pre>
 * RateLimit-Policy: "burst";q=100;w=60, "daily";q=1000;w=86400
 * RateLimit: "burst";r=42;t=17, "daily";r=958;t=50000
 * </pre>
 */
public final class RateLimitHeaders {

  public static final String POLICY = "RateLimit-Policy";
  public static final String LIMIT = "RateLimit";

  private RateLimitHeaders() {}

  /** A policy's quota (q) per window (w, in seconds). */
  public record Quota(String policy, long quota, long windowSeconds) {}

  /** What is left of a policy's quota (r) and the seconds until it is whole again (t). */
  public record Usage(String policy, long remaining, long resetSeconds) {}

  public static String policy(List<Quota> quotas) {
    return quotas.stream()
        .map(
            q ->
                string(q.policy())
                    + ";q="
                    + integer(q.quota())
                    + ";w="
                    + integer(q.windowSeconds()))
        .collect(Collectors.joining(", "));
  }

  public static String limit(List<Usage> usages) {
    return usages.stream()
        .map(
            u ->
                string(u.policy())
                    + ";r="
                    + integer(u.remaining())
                    + ";t="
                    + integer(u.resetSeconds()))
        .collect(Collectors.joining(", "));
  }

  /** Whole seconds, rounded up: a client waiting that long finds the quota restored. */
  public static long seconds(long millis) {
    return Math.max(0, Math.ceilDiv(millis, 1000));
  }

  /** An sf-string: printable ASCII, with {@code "} and {@code \} escaped. */
  static String string(String value) {
    var out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("not printable ASCII: " + value);
      }
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }

  /** An sf-integer: at most 15 digits, clamped (a remaining quota is never negative). */
  static String integer(long value) {
    return Long.toString(Math.clamp(value, 0, 999_999_999_999_999L));
  }
}
