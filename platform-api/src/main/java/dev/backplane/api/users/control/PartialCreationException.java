package dev.backplane.api.users.control;

/**
 * A user was created in Keycloak, setting it up failed, and removing it failed too: the caller, the
 * log and the audit trail are told which user is left behind.
 */
public class PartialCreationException extends KeycloakUnavailableException {

  public PartialCreationException(String detail) {
    super(detail);
  }
}
