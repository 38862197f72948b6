package dev.backplane.console.security;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/**
 * A logged-in administrator, kept in the HTTP session: who, with which roles, and the tokens the
 * console calls the platform API with. Tokens change on refresh, under the object's lock.
 */
public final class ConsoleLogin implements Serializable {

  static final String ATTRIBUTE = ConsoleLogin.class.getName();

  private final String username;
  private final Set<String> roles;
  private String accessToken;
  private String refreshToken;
  private String idToken;
  private Instant accessTokenExpiry;

  ConsoleLogin(String username, Set<String> roles, Tokens tokens) {
    this.username = username;
    this.roles = Set.copyOf(roles);
    update(tokens);
  }

  /** The tokens of one answer from Keycloak's token endpoint. */
  record Tokens(String access, String refresh, String id, Instant accessExpiry) {}

  synchronized void update(Tokens tokens) {
    accessToken = tokens.access();
    if (tokens.refresh() != null) {
      refreshToken = tokens.refresh();
    }
    if (tokens.id() != null) {
      idToken = tokens.id();
    }
    accessTokenExpiry = tokens.accessExpiry();
  }

  public String username() {
    return username;
  }

  public Set<String> roles() {
    return roles;
  }

  public synchronized String accessToken() {
    return accessToken;
  }

  synchronized String refreshToken() {
    return refreshToken;
  }

  synchronized String idToken() {
    return idToken;
  }

  synchronized boolean expiresWithin(java.time.Duration margin) {
    return Instant.now().plus(margin).isAfter(accessTokenExpiry);
  }
}
