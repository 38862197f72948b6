package dev.backplane.api.ratelimit.control;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.persistence.control.DatabaseUnavailableException;
import dev.backplane.api.problem.control.ConflictException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.ratelimit.entity.PolicySpec;
import dev.backplane.api.ratelimit.entity.RateLimitPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rate-limit policies in the database. Every write is checked ({@link PolicyChecks}), audited
 * in its transaction, and then announced to the cluster by the caller ({@link PolicyCatalog}).
 */
@ApplicationScoped
public class PolicyStore {

  private static final Logger LOG = Logger.getLogger(PolicyStore.class.getName());
  private static final String TARGET = "rate-limit-policy";

  @PersistenceContext(unitName = "backplane")
  EntityManager entities;

  @Inject AuditTrail audit;
  @Inject PolicyEvents events;
  @Inject DatabaseAvailability database;

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Policy> list() {
    database.require();
    try {
      return entities
          .createQuery("select p from RateLimitPolicy p order by p.name", RateLimitPolicy.class)
          .getResultList()
          .stream()
          .map(RateLimitPolicy::toPolicy)
          .toList();
    } catch (PersistenceException e) {
      throw unavailable("read", e);
    }
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Policy get(long id) {
    database.require();
    return find(id).toPolicy();
  }

  @Transactional
  public Policy create(Actor actor, PolicySpec spec) {
    PolicyChecks.check(spec);
    database.require();
    nameIsFree(spec.name(), null);
    var event = audit.begin(actor, "rate-limit-policy.create", TARGET, null, null);
    var policy = new RateLimitPolicy(spec, Instant.now());
    try {
      entities.persist(policy);
      entities.flush();
    } catch (PersistenceException e) {
      throw unavailable("written", e);
    }
    var created = policy.toPolicy();
    event.completed(Long.toString(created.id()), created);
    events.changed("rate-limit-policy.create", Long.toString(created.id()), created);
    return created;
  }

  @Transactional
  public Policy update(Actor actor, long id, PolicySpec spec) {
    PolicyChecks.check(spec);
    database.require();
    var policy = find(id);
    nameIsFree(spec.name(), id);
    var event =
        audit.begin(
            actor, "rate-limit-policy.update", TARGET, Long.toString(id), policy.toPolicy());
    policy.apply(spec, Instant.now());
    try {
      entities.flush();
    } catch (PersistenceException e) {
      throw unavailable("written", e);
    }
    var updated = policy.toPolicy();
    event.completed(Long.toString(id), updated);
    events.changed("rate-limit-policy.update", Long.toString(id), updated);
    return updated;
  }

  @Transactional
  public void delete(Actor actor, long id) {
    database.require();
    var policy = find(id);
    var event =
        audit.begin(
            actor, "rate-limit-policy.delete", TARGET, Long.toString(id), policy.toPolicy());
    try {
      entities.remove(policy);
      entities.flush();
    } catch (PersistenceException e) {
      throw unavailable("written", e);
    }
    event.completed(Long.toString(id), null);
    events.changed("rate-limit-policy.delete", Long.toString(id), null);
  }

  private RateLimitPolicy find(long id) {
    RateLimitPolicy policy;
    try {
      policy = entities.find(RateLimitPolicy.class, id);
    } catch (PersistenceException e) {
      throw unavailable("read", e);
    }
    if (policy == null) {
      throw new ResourceNotFoundException("There is no rate-limit policy " + id + ".");
    }
    return policy;
  }

  private void nameIsFree(String name, Long except) {
    List<Long> holders;
    try {
      holders =
          entities
              .createQuery("select p.id from RateLimitPolicy p where p.name = :name", Long.class)
              .setParameter("name", name)
              .getResultList();
    } catch (PersistenceException e) {
      throw unavailable("read", e);
    }
    if (holders.stream().anyMatch(holder -> !holder.equals(except))) {
      throw new ConflictException(
          "A rate-limit policy named " + name + " exists already.",
          "name",
          "is the name of another policy");
    }
  }

  private DatabaseUnavailableException unavailable(String what, PersistenceException e) {
    LOG.log(Level.WARNING, "Rate-limit policies cannot be " + what, e);
    return database.unavailable(
        "The rate-limit policies cannot be " + what + " now; try again shortly.", e);
  }
}
