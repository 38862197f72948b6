package dev.backplane.api.dependency.boundary;

import dev.backplane.api.dependency.control.DependencyWatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the shared dependencies (database, Keycloak) in the readiness answer without gating it:
 * always UP, with each dependency's state in its data ("available" or "unavailable") and what its
 * latest probe found. An instance whose dependency is down still serves all that does not need it;
 * the endpoints that do answer 503 themselves.
 */
@Readiness
@ApplicationScoped
public class DependenciesHealthCheck implements HealthCheck {

  @Inject Instance<DependencyWatch> dependencies;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("dependencies").up();
    boolean degraded = false;
    for (var dependency : dependencies) {
      var state = dependency.state();
      response.withData(
          dependency.name(),
          state.isEmpty() ? "unknown" : state.get().available() ? "available" : "unavailable");
      if (state.isPresent()) {
        response.withData(dependency.name() + ".detail", state.get().detail());
        response.withData(dependency.name() + ".since", state.get().since().toString());
      }
      degraded |= !dependency.available();
    }
    return response.withData("degraded", degraded ? "yes" : "no").build();
  }
}
