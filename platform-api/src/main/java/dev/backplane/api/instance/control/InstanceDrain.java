package dev.backplane.api.instance.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.jobs.control.JobScheduler;
import dev.backplane.api.request.control.RequestStatistics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A graceful stop on SIGTERM. Payara's own shutdown hook first sleeps for its {@code
 * --shutdowngrace} (the listeners stay open, the applications deployed), then undeploys and closes
 * the listeners, ending any request still running. This hook, which runs alongside, uses that time:
 * readiness goes DOWN at once, the instance keeps serving for {@code
 * backplane.shutdown.balancer-delay-ms} while the load balancer's checks notice, waits until no
 * request is in flight (at most until the grace is nearly over), then leaves the cluster, whose
 * other members take over its cache entries.
 */
@ApplicationScoped
public class InstanceDrain {

  /** Payara Micro's {@code --shutdowngrace}, in milliseconds. */
  private static final String PAYARA_GRACE = "fish.payara.shutdowngrace";

  /** Left of the grace for leaving the cluster. */
  private static final Duration LEAVE_TIME = Duration.ofMillis(1500);

  @Inject
  @ConfigProperty(name = "backplane.shutdown.balancer-delay-ms")
  long balancerDelayMillis;

  @Inject RequestStatistics requests;
  @Inject InstanceHeartbeat heartbeat;
  @Inject CacheContainer caches;
  @Inject JobScheduler jobs;

  private volatile boolean draining;
  private Thread hook;

  void onStartup(@Observes Startup startup) {
    hook = new Thread(this::drain, "backplane-drain");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether this instance is shutting down (readiness reports it DOWN). */
  public boolean draining() {
    return draining;
  }

  private void drain() {
    long start = System.nanoTime();
    var grace = Duration.ofMillis(Long.getLong(PAYARA_GRACE, 0));
    draining = true;
    say("shutting down: readiness DOWN, draining within " + grace.toMillis() + " ms");
    heartbeat.leaving();
    // no new job is taken; those running here get until the grace is nearly over to end
    var jobsStopped = Thread.ofPlatform().daemon().name("backplane-jobs-stop").start(jobs::stop);
    var deadline = start + grace.minus(LEAVE_TIME).toNanos();
    pause(Math.min(balancerDelayMillis, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
    while (requests.inFlight() > 0 && System.nanoTime() < deadline) {
      pause(20);
    }
    int unfinished = requests.inFlight();
    try {
      jobsStopped.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // bounded: the JVM waits for this hook before it exits, whatever Payara's own stop does
    var leave =
        Thread.ofPlatform()
            .daemon()
            .name("backplane-leave")
            .start(
                () -> {
                  heartbeat.stop();
                  caches.stop();
                });
    try {
      leave.join(LEAVE_TIME.multipliedBy(4));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    say(
        "drained in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms and left the cluster"
            + (unfinished > 0 ? "; " + unfinished + " requests still running" : ""));
  }

  /** Payara's log handlers close while the JVM shuts down: the instance's output stays open. */
  private static void say(String message) {
    System.err.println("[" + Instant.now() + "] [backplane-drain] " + message);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An undeploy without the JVM exiting (tests): the hook must not outlive the application. */
  @PreDestroy
  void removeHook() {
    if (hook != null && !draining) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook runs or has run
      }
    }
  }
}
