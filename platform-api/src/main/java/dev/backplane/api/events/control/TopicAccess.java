package dev.backplane.api.events.control;

import dev.backplane.api.problem.control.NotAuthenticatedException;
import dev.backplane.api.problem.control.NotPermittedException;
import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.security.entity.VerifiedToken;
import java.util.function.Predicate;

/**
 * Who may follow a topic, and which of its events they see: a feature's bean (found through CDI)
 * for the topics it writes, so the event stream knows no feature.
 */
public interface TopicAccess {

  /** Whether the topic is this feature's. */
  boolean owns(String topic);

  /**
   * What a caller sees of the topic, asked once per subscription: the events it may read, tested
   * again for each event (rules may change meanwhile).
   *
   * @throws RuntimeException a refusal (401, 403 or 404 problem) when the caller may see none
   */
  Predicate<StoredEvent> reader(String topic, VerifiedToken caller);

  /**
   * The rule of administrative topics (users, policies): administrators and operators see every
   * event; anyone else none.
   */
  static Predicate<StoredEvent> administrators(String topic, VerifiedToken caller) {
    if (caller == null) {
      throw new NotAuthenticatedException("Sign in to follow " + topic + ".");
    }
    if (!caller.groups().contains(Roles.ADMIN) && !caller.groups().contains(Roles.OPERATOR)) {
      throw new NotPermittedException(
          "Only administrators and operators may follow " + topic + ".");
    }
    return event -> true;
  }
}
