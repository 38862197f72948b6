package dev.backplane.api.gateway.control;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.gateway.entity.Route;
import dev.backplane.api.gateway.entity.RouteSpec;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The routes administrators write (checked, audited in the write's transaction); the caller then
 * puts the change in force on every instance ({@link RouteCatalog#changed()}).
 */
@ApplicationScoped
public class Routes {

  static final String TARGET = "route";

  @Inject RouteStore store;
  @Inject AuditTrail audit;
  @Inject DatabaseAvailability database;

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Route> list() {
    database.require();
    return store.list();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Route get(String name) {
    database.require();
    return find(name);
  }

  @Transactional
  public Route create(Actor actor, RouteSpec given) {
    RouteChecks.check(given);
    database.require();
    var spec = given.normalized();
    if (store.find(spec.name()).isPresent()) {
      throw new ConflictException(
          "A route named " + spec.name() + " exists already.", "name", "is another route's name");
    }
    prefixIsFree(spec, null);
    var event = audit.begin(actor, "route.create", TARGET, null, null);
    var now = RouteStore.now();
    var route = new Route(spec.name(), spec, now, now);
    store.insert(route);
    event.completed(route.name(), route);
    return route;
  }

  @Transactional
  public Route update(Actor actor, String name, RouteSpec given) {
    RouteChecks.check(given);
    database.require();
    var before = find(name);
    var spec = given.normalized();
    if (!spec.name().equals(name)) {
      throw new ConflictException(
          "A route's name cannot change (create a route of the new name, then delete this one).",
          "name",
          "must be " + name);
    }
    prefixIsFree(spec, name);
    var event = audit.begin(actor, "route.update", TARGET, name, before);
    var route = new Route(name, spec, before.createdAt(), RouteStore.now());
    store.change(route);
    event.completed(name, route);
    return route;
  }

  @Transactional
  public void delete(Actor actor, String name) {
    database.require();
    var before = find(name);
    var event = audit.begin(actor, "route.delete", TARGET, name, before);
    store.delete(name);
    event.completed(name, null);
  }

  private Route find(String name) {
    return store
        .find(name)
        .orElseThrow(() -> new ResourceNotFoundException("There is no route " + name + "."));
  }

  private void prefixIsFree(RouteSpec spec, String except) {
    store
        .holderOf(spec.prefix(), except)
        .ifPresent(
            holder -> {
              throw new ConflictException(
                  "The route " + holder + " serves " + spec.prefix() + " already.",
                  "prefix",
                  "is served by the route " + holder);
            });
  }
}
