package dev.backplane.api.users.control;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.NotPermittedException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.users.entity.NewUser;
import dev.backplane.api.users.entity.ProfileUpdate;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserPage;
import dev.backplane.api.users.entity.UserRules;
import dev.backplane.api.users.entity.UserSession;
import dev.backplane.api.users.entity.UserSummary;
import dev.backplane.api.users.entity.UserUpdate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The realm's users, managed through Keycloak (the source of truth) with reads cached and every
 * write audited. A write runs in a transaction that records its audit event first, so that a write
 * is never made when it cannot be audited, and no event is kept for a write that failed.
 */
@ApplicationScoped
public class UserDirectory {

  private static final Logger LOG = Logger.getLogger(UserDirectory.class.getName());
  private static final JsonProvider JSON = JsonProvider.provider();

  @Inject KeycloakAdmin keycloak;
  @Inject UserCache cache;
  @Inject AuditTrail audit;
  @Inject UserEvents events;
  @Inject UnfinishedCreations unfinished;

  /** Role representations by name (Keycloak wants id and name to map a role). */
  private final Map<String, JsonObject> roles = new ConcurrentHashMap<>();

  private static final String REALM_MANAGEMENT = "realm-management";
  private volatile Optional<String> realmManagementClient;
  private volatile boolean warnedOfClients;

  public UserPage list(String search, int first, int max) {
    var term = search == null ? "" : search.trim();
    return cache.page(
        term,
        first,
        max,
        () -> {
          Map<String, Object> filter = term.isEmpty() ? Map.of() : Map.of("search", term);
          var query = new HashMap<String, Object>(filter);
          query.putAll(Map.of("first", first, "max", max, "briefRepresentation", true));
          var items = new ArrayList<UserSummary>();
          for (var user : keycloak.array("users", query).getValuesAs(JsonObject.class)) {
            items.add(summary(user));
          }
          var total = keycloak.number("users/count", filter);
          return new UserPage(List.copyOf(items), total, first, max);
        });
  }

  public User get(String id) {
    return cache.user(id, () -> load(id));
  }

  @Transactional(dontRollbackOn = PartialCreationException.class)
  public User create(Actor actor, NewUser user) {
    var event = audit.begin(actor, "user.create", "user", null, null);
    var representation =
        profile(user.email(), user.firstName(), user.lastName())
            .add("username", user.username())
            .add("enabled", user.enabledOrDefault());
    var attempted = Instant.now();
    String id;
    try {
      id = keycloak.create("users", representation.build());
    } catch (KeycloakUnavailableException unconfirmed) {
      unfinished.watch(user.username(), attempted);
      throw unconfirmed;
    }
    cache.invalidate();
    try {
      addRoles(id, user.rolesOrNone());
      if (user.temporaryPassword() != null) {
        setPassword(id, user.temporaryPassword());
      }
    } catch (RuntimeException failed) {
      undoCreation(id, user.username(), event);
      throw failed;
    }
    var created = load(id);
    event.completed(id, created);
    events.changed("user.create", id, created);
    cache.acknowledgeCreation(user.username());
    return created;
  }

  @Transactional
  public User update(Actor actor, String id, UserUpdate update) {
    var before = manageable(id);
    var event = audit.begin(actor, "user.update", "user", id, before);
    keycloak.put(
        "users/" + id,
        profile(before, update.email(), update.firstName(), update.lastName())
            .add("enabled", update.enabled())
            .build());
    return completed(event, id);
  }

  /** A caller's own profile: whoever holds a token may edit it, whatever else it is. */
  @Transactional
  public User updateProfile(Actor actor, String id, ProfileUpdate update) {
    var before = load(id);
    var event = audit.begin(actor, "user.update-profile", "user", id, before);
    keycloak.put(
        "users/" + id,
        profile(before, update.email(), update.firstName(), update.lastName()).build());
    return completed(event, id);
  }

  @Transactional
  public User setEnabled(Actor actor, String id, boolean enabled) {
    if (!enabled && actor.is(id)) {
      throw new ConflictException(
          "You cannot disable your own account; another administrator can.");
    }
    var before = manageable(id);
    var event = audit.begin(actor, enabled ? "user.enable" : "user.disable", "user", id, before);
    keycloak.put("users/" + id, JSON.createObjectBuilder().add("enabled", enabled).build());
    return completed(event, id);
  }

  @Transactional
  public User setRoles(Actor actor, String id, List<String> wanted) {
    var before = manageable(id);
    var event = audit.begin(actor, "user.set-roles", "user", id, before);
    var toRemove = before.roles().stream().filter(role -> !wanted.contains(role)).toList();
    var toAdd = wanted.stream().distinct().filter(role -> !before.roles().contains(role)).toList();
    if (!toRemove.isEmpty()) {
      keycloak.delete("users/" + id + "/role-mappings/realm", roleArray(toRemove));
    }
    addRoles(id, toAdd);
    return completed(event, id);
  }

  @Transactional
  public void resetPassword(Actor actor, String id, String temporaryPassword) {
    var user = manageable(id);
    var event = audit.begin(actor, "user.reset-password", "user", id, null);
    setPassword(id, temporaryPassword);
    // the password itself is never recorded
    event.completed(id, user);
    events.changed("user.reset-password", id, user);
  }

  /** A user's sessions at Keycloak, newest first; read each time (they change by the second). */
  public List<UserSession> sessions(String id) {
    manageable(id);
    var sessions = new ArrayList<UserSession>();
    for (var session :
        keycloak.array("users/" + id + "/sessions", Map.of()).getValuesAs(JsonObject.class)) {
      var clients = session.getJsonObject("clients");
      sessions.add(
          new UserSession(
              session.getString("id", null),
              session.getString("ipAddress", null),
              millis(session, "start"),
              millis(session, "lastAccess"),
              clients == null
                  ? List.of()
                  : clients.values().stream()
                      .filter(JsonString.class::isInstance)
                      .map(client -> ((JsonString) client).getString())
                      .sorted()
                      .toList()));
    }
    sessions.sort(
        Comparator.comparing(
                UserSession::started, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .reversed());
    return sessions;
  }

  private static Instant millis(JsonObject object, String key) {
    return object.get(key) instanceof JsonNumber number
        ? Instant.ofEpochMilli(number.longValue())
        : null;
  }

  @Transactional
  public void logout(Actor actor, String id) {
    var user = manageable(id);
    var event = audit.begin(actor, "user.logout", "user", id, null);
    keycloak.post("users/" + id + "/logout", JSON.createObjectBuilder().build());
    event.completed(id, user);
    events.changed("user.logout", id, user);
  }

  @Transactional
  public void delete(Actor actor, String id) {
    if (actor.is(id)) {
      throw new ConflictException("You cannot delete your own account; another administrator can.");
    }
    var before = manageable(id);
    audit.begin(actor, "user.delete", "user", id, before);
    keycloak.delete("users/" + id, null);
    cache.invalidate();
    events.changed("user.delete", id, null);
  }

  private User completed(AuditTrail.Event event, String id) {
    cache.invalidate();
    var after = load(id);
    event.completed(id, after);
    events.changed(event.action(), id, after);
    return after;
  }

  /**
   * A user an administrator may change through the platform: not an administrator of the Keycloak
   * realm (the platform's own service account may manage users, so a platform administrator must
   * not be able to take over or lock out those who administer Keycloak itself).
   */
  private User manageable(String id) {
    var user = load(id);
    if (realmAdministrator(id)) {
      throw new NotPermittedException(
          "This user administers the Keycloak realm; change it in Keycloak's admin console.");
    }
    return user;
  }

  /** Whether the user holds a role of Keycloak's realm-management client, directly or not. */
  private boolean realmAdministrator(String id) {
    var direct = keycloak.object("users/" + id + "/role-mappings").get("clientMappings");
    if (direct instanceof JsonObject clients && clients.containsKey(REALM_MANAGEMENT)) {
      return true;
    }
    return realmManagementClient()
        .map(
            client ->
                !keycloak
                    .array(
                        "users/" + id + "/role-mappings/clients/" + client + "/composite", Map.of())
                    .isEmpty())
        .orElse(false);
  }

  /**
   * The id of Keycloak's realm-management client, to ask for a user's effective roles of it; none
   * when the service account may not list clients (a realm imported before it was given
   * query-clients: only direct roles are seen then).
   */
  private Optional<String> realmManagementClient() {
    var known = realmManagementClient;
    if (known != null) {
      return known;
    }
    try {
      known =
          keycloak.array("clients", Map.of("clientId", REALM_MANAGEMENT)).stream()
              .map(client -> client.asJsonObject().getString("id"))
              .findFirst();
      realmManagementClient = known;
      return known;
    } catch (KeycloakUnavailableException refused) {
      // not remembered: Keycloak may only be down for now
      if (!warnedOfClients) {
        warnedOfClients = true;
        LOG.warning(
            "The service account cannot list the realm's clients (query-clients): realm"
                + " administrators are recognised by their direct roles only");
      }
      return Optional.empty();
    }
  }

  /**
   * A user and its platform roles, straight from Keycloak. Service accounts are not users of the
   * platform: they are Keycloak clients, managed there.
   */
  private User load(String id) {
    JsonObject user;
    try {
      user = keycloak.object("users/" + id);
    } catch (ResourceNotFoundException e) {
      throw new ResourceNotFoundException("There is no user with id " + id + ".");
    }
    // Keycloak's admin API does not say that a user is a client's service account; its name does
    if (user.getString("username", "").startsWith(UserRules.SERVICE_ACCOUNT_PREFIX)) {
      throw new ResourceNotFoundException("There is no user with id " + id + ".");
    }
    var held = new ArrayList<String>();
    for (var role :
        keycloak
            .array("users/" + id + "/role-mappings/realm", Map.of())
            .getValuesAs(JsonObject.class)) {
      if (Roles.ALL.contains(role.getString("name"))) {
        held.add(role.getString("name"));
      }
    }
    held.sort(null);
    var summary = summary(user);
    return new User(
        summary.id(),
        summary.username(),
        summary.email(),
        summary.firstName(),
        summary.lastName(),
        summary.enabled(),
        user.getBoolean("emailVerified", false),
        summary.createdAt(),
        List.copyOf(held));
  }

  private static UserSummary summary(JsonObject user) {
    var created = user.getJsonNumber("createdTimestamp");
    return new UserSummary(
        user.getString("id"),
        user.getString("username"),
        text(user, "email"),
        text(user, "firstName"),
        text(user, "lastName"),
        user.getBoolean("enabled", false),
        created == null ? null : Instant.ofEpochMilli(created.longValue()));
  }

  private static String text(JsonObject object, String name) {
    var value = object.get(name);
    return value instanceof JsonString string ? string.getString() : null;
  }

  /** The profile fields; an absent one is sent empty, which Keycloak takes as "none". */
  private static JsonObjectBuilder profile(String email, String firstName, String lastName) {
    return JSON.createObjectBuilder()
        .add("email", email == null ? "" : email)
        .add("firstName", firstName == null ? "" : firstName)
        .add("lastName", lastName == null ? "" : lastName);
  }

  /** The profile fields of a change; a new email address is not verified, whoever set it. */
  private static JsonObjectBuilder profile(
      User before, String email, String firstName, String lastName) {
    var profile = profile(email, firstName, lastName);
    var now = email == null ? "" : email;
    var was = before.email() == null ? "" : before.email();
    if (!now.equalsIgnoreCase(was)) {
      profile.add("emailVerified", false);
    }
    return profile;
  }

  private void addRoles(String id, List<String> names) {
    if (!names.isEmpty()) {
      keycloak.post("users/" + id + "/role-mappings/realm", roleArray(names));
    }
  }

  private JsonArray roleArray(List<String> names) {
    var array = JSON.createArrayBuilder();
    for (var name : names) {
      array.add(roles.computeIfAbsent(name, n -> keycloak.object("roles/" + n)));
    }
    return array.build();
  }

  private void setPassword(String id, String temporaryPassword) {
    keycloak.put(
        "users/" + id + "/reset-password",
        JSON.createObjectBuilder()
            .add("type", "password")
            .add("value", temporaryPassword)
            .add("temporary", true)
            .build());
  }

  /**
   * A creation failed after the user was created (roles or password refused, Keycloak gone): the
   * user is removed again, so that nothing half-made is left, and the caller gets the original
   * error. If even the removal fails, the answer, the log and the audit trail say which user is
   * left behind.
   */
  private void undoCreation(String id, String username, AuditTrail.Event event) {
    try {
      keycloak.delete("users/" + id, null);
    } catch (RuntimeException undoFailed) {
      var what =
          "The user "
              + username
              + " (id "
              + id
              + ") was created, but its roles or password could not be set and removing it"
              + " failed: set it up or delete it.";
      LOG.log(Level.SEVERE, what, undoFailed);
      event.completed(id, Map.of("id", id, "username", username, "incomplete", what));
      throw new PartialCreationException(what);
    }
  }
}
