package dev.backplane.api.request.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * How many API requests an instance works on at once ({@code
 * backplane.api.max-concurrent-requests}). A request beyond that waits at most {@code
 * backplane.api.queue-timeout-ms} for one to finish and is then shed: a saturated instance answers
 * the excess at once, where the server's own unbounded queue made every request wait for seconds,
 * and a load balancer can send it elsewhere.
 */
@ApplicationScoped
public class ConcurrencyLimit {

  @Inject
  @ConfigProperty(name = "backplane.api.max-concurrent-requests", defaultValue = "32")
  int maxConcurrent;

  @Inject
  @ConfigProperty(name = "backplane.api.queue-timeout-ms", defaultValue = "10")
  long queueTimeoutMillis;

  @Inject MetricRegistry metrics;

  private Semaphore permits;
  private Counter shed;

  @PostConstruct
  void create() {
    permits = new Semaphore(Math.max(1, maxConcurrent));
    shed =
        metrics.counter(
            Metadata.builder()
                .withName("backplane_requests_shed_total")
                .withDescription(
                    "API requests answered 503 because the instance was working on as many as"
                        + " it may at once")
                .build());
  }

  /** Whether the request may go on; if so, {@link #release()} must follow. */
  public boolean tryAcquire() {
    if (permits.tryAcquire()) {
      return true;
    }
    try {
      if (queueTimeoutMillis > 0 && permits.tryAcquire(queueTimeoutMillis, TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shed.inc();
    return false;
  }

  public void release() {
    permits.release();
  }
}
