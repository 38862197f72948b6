package dev.backplane.api.gateway.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.cluster.control.SharedCatalog;
import dev.backplane.api.gateway.entity.Route;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The enabled routes in force on this instance, longest prefix first, in force on every instance
 * once a write has answered ({@link SharedCatalog}). A route read again unchanged keeps its
 * connections, breakers and health; a changed or deleted one is closed a minute later, so that
 * requests under way on it end first.
 */
@ApplicationScoped
public class RouteCatalog {

  static final String CACHE = "gateway-routes";

  /** How long a replaced route's connections stay open for the requests under way on them. */
  private static final long RETIRE_SECONDS = 60;

  @Inject CacheContainer container;
  @Inject RouteStore store;
  @Inject GatewaySettings settings;
  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  private SharedCatalog<ActiveRoute> catalog;

  /** The routes in force by name; only the catalog's reader thread changes it. */
  private final Map<String, ActiveRoute> active = new HashMap<>();

  @PostConstruct
  void start() {
    catalog = new SharedCatalog<>("Routes", CACHE, container, threads, this::load);
  }

  @PreDestroy
  void stop() {
    catalog.close();
    synchronized (active) {
      active.values().forEach(ActiveRoute::close);
      active.clear();
    }
  }

  /** The enabled routes, longest prefix first. */
  public List<ActiveRoute> current() {
    return catalog.current();
  }

  /** The route serving this path (decoded, normalized), if any. */
  public Optional<ActiveRoute> match(String path) {
    for (var route : catalog.current()) {
      if (route.matches(path)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /** After a write: in force on every instance when this returns ({@link SharedCatalog}). */
  public void changed() {
    catalog.changed();
  }

  /** Reads the routes; runs on the catalog's reader thread only. */
  private List<ActiveRoute> load() {
    var routes = store.list();
    var fresh = new ArrayList<ActiveRoute>();
    synchronized (active) {
      var kept = new HashMap<String, ActiveRoute>();
      for (Route route : routes) {
        if (!route.spec().enabled()) {
          continue;
        }
        var known = active.get(route.name());
        var current =
            known != null && known.route().equals(route) ? known : new ActiveRoute(route, settings);
        kept.put(route.name(), current);
        fresh.add(current);
      }
      for (var old : active.values()) {
        if (kept.get(old.name()) != old) {
          retire(old);
        }
      }
      active.clear();
      active.putAll(kept);
    }
    fresh.sort(
        Comparator.comparingInt((ActiveRoute route) -> route.spec().prefix().length()).reversed());
    return List.copyOf(fresh);
  }

  private void retire(ActiveRoute route) {
    try {
      scheduler.schedule(route::close, RETIRE_SECONDS, TimeUnit.SECONDS);
    } catch (RejectedExecutionException stopping) {
      route.close();
    }
  }
}
