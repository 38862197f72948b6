package dev.backplane.api.users.control;

import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Keycloak did not answer in time, or not sensibly: a 503 with {@code Retry-After}. */
public class KeycloakUnavailableException extends ServiceUnavailableException {

  static final long RETRY_AFTER_SECONDS = 10;

  public KeycloakUnavailableException(String detail) {
    super(
        detail,
        Response.status(Response.Status.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
            .build());
  }
}
