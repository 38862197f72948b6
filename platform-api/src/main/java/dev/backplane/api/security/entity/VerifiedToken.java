package dev.backplane.api.security.entity;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * An access token whose signature, issuer, audience and lifetime have been checked: who is calling,
 * through which client, with which realm roles, until when, and every claim it carries.
 */
public record VerifiedToken(
    String subject,
    String username,
    String client,
    Set<String> groups,
    Instant expiresAt,
    Map<String, Object> claims) {

  public VerifiedToken {
    claims = claims == null ? Map.of() : claims;
  }

  /**
   * A top-level claim as text: a string as it is, a number or boolean written out, a list's items
   * joined by commas; absent (or an object) when the token has no such plain value.
   */
  public String claim(String name) {
    return switch (claims.get(name)) {
      case null -> null;
      case String text -> text;
      case Number number -> number.toString();
      case Boolean bool -> bool.toString();
      case Collection<?> items -> String.join(",", items.stream().map(String::valueOf).toList());
      default -> null;
    };
  }
}
