package dev.backplane.api.users.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserPage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.infinispan.Cache;

/**
 * Users and pages of users read from Keycloak, kept in the {@code users} cache until they expire
 * (infinispan.xml says when).
 *
 * <p>Every entry is tagged with the generation it was read in. A write through Backplane starts a
 * new generation after changing Keycloak, which makes every older entry a miss: a read after a
 * write never returns the old value, even when a slower read of the old value stores it afterwards.
 * A generation is a random number, so one that is lost and created anew cannot bring old entries
 * back. It is kept in a cache of its own, so that the hit ratio of {@code users} is that of users.
 */
@ApplicationScoped
public class UserCache {

  static final String NAME = "users";
  static final String GENERATIONS = "users-generation";
  private static final String GENERATION = "users";
  private static final String CREATED = "created:";

  @Inject CacheContainer container;

  private Cache<String, Object> cache;
  private Cache<String, Long> generations;

  @PostConstruct
  void connect() {
    cache = container.manager().getCache(NAME);
    generations = container.manager().getCache(GENERATIONS);
  }

  public User user(String id, Supplier<User> load) {
    long generation = generation();
    var key = "user:" + id;
    if (cache.get(key) instanceof CachedUser cached && cached.generation() == generation) {
      return cached.user();
    }
    var user = load.get();
    cache.put(key, new CachedUser(generation, user));
    return user;
  }

  public UserPage page(String search, int first, int max, Supplier<UserPage> load) {
    long generation = generation();
    var key = "page:" + first + ":" + max + ":" + search;
    if (cache.get(key) instanceof CachedPage cached && cached.generation() == generation) {
      return cached.page();
    }
    var page = load.get();
    cache.put(key, new CachedPage(generation, page));
    return page;
  }

  /** After a write to Keycloak: every entry read before is stale from now on. */
  public void invalidate() {
    generations.put(GENERATION, ThreadLocalRandom.current().nextLong());
  }

  /** Remembers, cluster-wide and for a while, that creating this user name succeeded now. */
  public void acknowledgeCreation(String username) {
    generations.put(CREATED + username, System.currentTimeMillis(), 10, TimeUnit.MINUTES);
  }

  /** Whether creating this user name succeeded through Backplane since {@code since}. */
  public boolean creationAcknowledged(String username, Instant since) {
    var at = generations.get(CREATED + username);
    return at != null && at >= since.toEpochMilli();
  }

  private long generation() {
    var current = generations.get(GENERATION);
    if (current != null) {
      return current;
    }
    var fresh = ThreadLocalRandom.current().nextLong();
    var raced = generations.putIfAbsent(GENERATION, fresh);
    return raced == null ? fresh : raced;
  }
}
