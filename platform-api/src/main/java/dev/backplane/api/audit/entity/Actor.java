package dev.backplane.api.audit.entity;

/**
 * Who made a change, and in which request: the caller's user name (its subject when the token has
 * none), its subject (a user's id), and the request id.
 */
public record Actor(String name, String subject, String requestId) {

  /** Whether the actor is this user itself. */
  public boolean is(String userId) {
    return subject != null && subject.equals(userId);
  }
}
