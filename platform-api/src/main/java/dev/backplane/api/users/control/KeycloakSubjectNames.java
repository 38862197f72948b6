package dev.backplane.api.users.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.backplane.api.problem.control.RefusedException;
import dev.backplane.api.security.control.SubjectNames;
import dev.backplane.api.users.entity.UserRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Subjects' names from Keycloak, where a subject is a user's id. A user name never changes (the API
 * does not allow it), so a name is kept for 10 minutes on this instance; a subject Keycloak does
 * not know, or a Keycloak that does not answer, is asked again after a minute.
 */
@ApplicationScoped
public class KeycloakSubjectNames implements SubjectNames {

  /** Keycloak's user ids; anything else is never sent to it. */
  private static final Pattern USER_ID = Pattern.compile("[0-9a-fA-F-]{36}");

  private final Cache<String, SubjectName> known =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();
  private final Cache<String, Boolean> unknown =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();

  @Inject KeycloakAdmin keycloak;

  @Override
  public Optional<SubjectName> of(String subject) {
    if (subject == null || !USER_ID.matcher(subject).matches()) {
      return Optional.empty();
    }
    var name = known.getIfPresent(subject);
    if (name != null) {
      return Optional.of(name);
    }
    if (unknown.getIfPresent(subject) != null) {
      return Optional.empty();
    }
    try {
      var username = keycloak.object("users/" + subject).getString("username", null);
      if (username == null) {
        unknown.put(subject, true);
        return Optional.empty();
      }
      name =
          username.startsWith(UserRules.SERVICE_ACCOUNT_PREFIX)
              ? new SubjectName(
                  username.substring(UserRules.SERVICE_ACCOUNT_PREFIX.length()), false)
              : new SubjectName(username, true);
      known.put(subject, name);
      return Optional.of(name);
    } catch (RefusedException notFoundOrUnavailable) {
      unknown.put(subject, true);
      return Optional.empty();
    }
  }
}
