package dev.backplane.api.caches.control;

import dev.backplane.api.audit.control.AuditTrail;
import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.caches.entity.CacheReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Clears a cache in a transaction with its audit event (no event, no clearing). */
@ApplicationScoped
public class CacheClearing {

  @Inject AuditTrail audit;
  @Inject CacheStatisticsReader caches;

  @Transactional
  public void clear(Actor actor, CacheReport before) {
    var event = audit.begin(actor, "cache.clear", "cache", before.name(), before);
    caches.clear(before.name());
    event.completed(before.name(), caches.one(before.name()).orElse(null));
  }
}
