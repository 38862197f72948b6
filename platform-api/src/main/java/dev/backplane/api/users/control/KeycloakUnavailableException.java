package dev.backplane.api.users.control;

import dev.backplane.api.problem.control.UnavailableException;

/** Keycloak did not answer in time, or not sensibly: a 503 with {@code Retry-After}. */
public class KeycloakUnavailableException extends UnavailableException {

  static final long RETRY_AFTER_SECONDS = 10;

  public KeycloakUnavailableException(String detail) {
    super(detail, RETRY_AFTER_SECONDS);
  }
}
