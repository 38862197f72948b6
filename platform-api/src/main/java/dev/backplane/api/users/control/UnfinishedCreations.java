package dev.backplane.api.users.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Creations that Keycloak did not confirm in time. Such a request may still be carried out once
 * Keycloak recovers, leaving a user that the caller was told does not exist, without its roles or
 * password. For a while after the failure, the user name is looked up now and then; a user of that
 * name created since the attempt is removed, unless a later creation of it through Backplane (on
 * any instance) succeeded.
 */
@ApplicationScoped
public class UnfinishedCreations {

  private static final Logger LOG = Logger.getLogger(UnfinishedCreations.class.getName());
  static final Duration WATCH = Duration.ofMinutes(2);
  private static final Duration EVERY = Duration.ofSeconds(5);

  /** Keycloak's clock and ours may differ a little. */
  private static final Duration SKEW = Duration.ofSeconds(5);

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject KeycloakAdmin keycloak;
  @Inject UserCache cache;

  /** Watches for a user that a failed creation may still produce. */
  public void watch(String username, Instant attempted) {
    var until = Instant.now().plus(WATCH);
    scheduler.schedule(
        () -> check(username, attempted, until), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check(String username, Instant attempted, Instant until) {
    try {
      var found = keycloak.array("users", Map.of("exact", true, "username", username));
      for (var user : found.getValuesAs(JsonObject.class)) {
        if (unfinished(user, attempted)) {
          keycloak.delete("users/" + user.getString("id"), null);
          cache.invalidate();
          LOG.warning(
              () ->
                  "Removed user "
                      + username
                      + " ("
                      + user.getString("id")
                      + "): Keycloak carried out a creation that had failed with 503");
          return;
        }
      }
    } catch (RuntimeException keycloakStillAway) {
      // looked up again below
    }
    if (Instant.now().isBefore(until)) {
      scheduler.schedule(
          () -> check(username, attempted, until), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private boolean unfinished(JsonObject user, Instant attempted) {
    var created = user.getJsonNumber("createdTimestamp");
    return created != null
        && !Instant.ofEpochMilli(created.longValue()).isBefore(attempted.minus(SKEW))
        && !cache.creationAcknowledged(user.getString("username"), attempted);
  }
}
