package dev.backplane.api.instance.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live unless threads are deadlocked: then only a restart helps. */
@Liveness
@ApplicationScoped
public class DeadlockHealthCheck implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    var deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
    return HealthCheckResponse.named("deadlocks")
        .status(deadlocked == null)
        .withData("deadlockedThreads", deadlocked == null ? 0 : deadlocked.length)
        .build();
  }
}
