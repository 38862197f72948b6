package dev.backplane.api.gateway.control;

import java.util.List;
import java.util.Map;

/**
 * A request as the gateway sends it upstream.
 *
 * @param method the caller's method
 * @param path the path and query for the target, after its base path (raw, as the caller spelt
 *     them; starts with '/' or is empty)
 * @param headers the headers to send, in order, already filtered
 * @param body the caller's body, or null for none
 */
public record UpstreamRequest(
    String method, String path, List<Map.Entry<String, String>> headers, RequestBody body) {

  /** Methods that a target may receive twice without harm (RFC 9110). */
  boolean idempotent() {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "PUT", "DELETE" -> true;
      default -> false;
    };
  }

  boolean untouched() {
    return body == null || body.untouched();
  }
}
