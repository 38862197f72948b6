package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.cluster.control.SharedCatalog;
import dev.backplane.api.ratelimit.entity.Policy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The enabled policies every request is checked against, kept on each instance and in force on
 * every instance once a write has answered ({@link SharedCatalog}).
 */
@ApplicationScoped
public class PolicyCatalog {

  static final String CACHE = "rate-limit-policies";

  @Inject CacheContainer container;
  @Inject PolicyStore store;
  @Resource ManagedThreadFactory threads;

  private SharedCatalog<ActivePolicy> catalog;

  @PostConstruct
  void start() {
    catalog =
        new SharedCatalog<>(
            "Rate-limit policies",
            CACHE,
            container,
            threads,
            () -> store.list().stream().filter(Policy::enabled).map(ActivePolicy::of).toList());
  }

  @PreDestroy
  void stop() {
    catalog.close();
  }

  /** The enabled policies, as fresh as this instance knows. */
  public List<ActivePolicy> current() {
    return catalog.current();
  }

  /** After a write: in force on every instance when this returns ({@link SharedCatalog}). */
  public void changed() {
    catalog.changed();
  }
}
