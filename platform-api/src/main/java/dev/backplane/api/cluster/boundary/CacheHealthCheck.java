package dev.backplane.api.cluster.boundary;

import dev.backplane.api.cluster.control.CacheContainer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the cache manager and every one of its caches accept calls. */
@Readiness
@ApplicationScoped
public class CacheHealthCheck implements HealthCheck {

  @Inject CacheContainer caches;

  @Override
  public HealthCheckResponse call() {
    var manager = caches.manager();
    boolean running =
        manager.getStatus().allowInvocations()
            && manager.getCacheNames().stream()
                .allMatch(name -> manager.getCache(name).getStatus().allowInvocations());
    var members = manager.getMembers();
    return HealthCheckResponse.named("cache")
        .status(running)
        .withData("mode", members == null ? "local" : "clustered")
        .withData("members", members == null ? 1 : members.size())
        .withData("caches", manager.getCacheNames().size())
        .build();
  }
}
