package dev.backplane.api.security.control;

import java.util.Optional;

/**
 * Who a token's subject is, in words a person reads. Features that show subjects (the busiest
 * consumers of a rate-limit policy) ask here; the users feature answers from Keycloak. Absent when
 * no feature answers (a deployment without users): callers show the subject itself.
 */
public interface SubjectNames {

  /** A subject's name: a user, or the service account of a client. */
  record SubjectName(String name, boolean user) {}

  /**
   * The subject's user name (or its client's id, for a service account); empty when the subject is
   * unknown or its directory does not answer now.
   */
  Optional<SubjectName> of(String subject);
}
