package dev.backplane.api.dependency.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * A dependency every instance shares (the database, Keycloak), asked every {@link #EVERY} on a
 * thread of its own, so that health checks, heartbeats and requests read its last known state at
 * once instead of waiting on it. Its state is reported, never a reason for readiness to fail:
 * taking every instance out of the load balancer for a shared dependency would turn a partial
 * outage into a total one. Endpoints that need the dependency answer 503 at once while it is
 * unavailable.
 */
public abstract class DependencyWatch {

  static final Duration EVERY = Duration.ofSeconds(1);
  private static final Logger LOG = Logger.getLogger(DependencyWatch.class.getName());

  @Resource ManagedThreadFactory threads;
  @Inject MetricRegistry metrics;

  /**
   * What the latest probe found.
   *
   * @param since when the dependency began to answer, or stopped answering
   * @param detail what it reported (a version, a count), or why it is unavailable
   */
  public record State(boolean available, Instant since, String detail) {}

  private volatile State state;
  private volatile Thread probing;

  /** The dependency's name in health answers, metrics and logs. */
  public abstract String name();

  /** What an outage of the dependency stops, for the log and the health answer. */
  public abstract String affects();

  /**
   * Asks the dependency, within a bounded time.
   *
   * @return what to report when it answers
   * @throws Exception when it does not answer, or not sensibly; the message says why
   */
  protected abstract String probe() throws Exception;

  /**
   * A probe that could not tell either way (it found this instance too busy to ask): what was known
   * stays.
   */
  protected static final class Inconclusive extends Exception {
    public Inconclusive(String why) {
      super(why);
    }
  }

  /**
   * Probes once, so that readiness reports a finding from the start, then starts the probes; called
   * once the application has started.
   */
  protected void startWatching() {
    check();
    metrics.gauge(
        Metadata.builder()
            .withName("backplane_dependency_available")
            .withDescription("1 while a shared dependency answers this instance's probes, else 0")
            .build(),
        () -> available() ? 1 : 0,
        new Tag("dependency", name()));
    var thread = threads.newThread(this::watch);
    thread.setName("backplane-watch-" + name());
    thread.setDaemon(true);
    probing = thread;
    thread.start();
  }

  @PreDestroy
  void stopWatching() {
    var thread = probing;
    probing = null;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void watch() {
    while (probing == Thread.currentThread()) {
      check();
      try {
        Thread.sleep(EVERY);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Probes once and records what it found; public for tests that cannot wait a second. */
  public void check() {
    boolean answered;
    String detail;
    try {
      detail = probe();
      answered = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Inconclusive e) {
      LOG.fine(() -> name() + " probe inconclusive: " + e.getMessage());
      return;
    } catch (Exception e) {
      detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      answered = false;
      LOG.log(Level.FINE, name() + " probe failed", e);
    }
    record(answered, detail);
  }

  /**
   * Records that a request found the dependency unavailable (a connection lost or timed out): the
   * requests after it answer 503 at once instead of each waiting for the timeouts, until a probe
   * finds that it answers.
   */
  public void failed(String detail) {
    record(false, detail);
  }

  private synchronized void record(boolean answered, String detail) {
    var before = state;
    var now = Instant.now();
    if (before != null && before.available() == answered) {
      state = new State(answered, before.since(), detail);
      return;
    }
    state = new State(answered, now, detail);
    if (!answered) {
      var reason = detail;
      LOG.warning(
          () -> name() + " is unavailable (" + reason + "); " + affects() + " until it answers");
    } else if (before != null) {
      var outage = Duration.between(before.since(), now);
      LOG.info(() -> name() + " answers again, after " + outage.toMillis() / 1000.0 + " s");
    }
  }

  /** False only once a probe has failed: before the first one, it is presumed to answer. */
  public boolean available() {
    var known = state;
    return known == null || known.available();
  }

  /** The latest probe's finding; empty before the first one. */
  public Optional<State> state() {
    return Optional.ofNullable(state);
  }
}
