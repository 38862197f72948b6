package dev.backplane.api.instance.boundary;

import dev.backplane.api.instance.control.InstanceDrain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN once the instance shuts down, so that load balancers stop sending it requests. */
@Readiness
@ApplicationScoped
public class DrainHealthCheck implements HealthCheck {

  @Inject InstanceDrain drain;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("shutdown").status(!drain.draining()).build();
  }
}
