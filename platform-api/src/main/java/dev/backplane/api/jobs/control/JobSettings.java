package dev.backplane.api.jobs.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/** The {@code backplane.jobs.*} configuration (see the README's configuration table). */
@ApplicationScoped
public class JobSettings {

  private int threads;
  private Duration pollInterval;
  private Duration heartbeatInterval;
  private int missedHeartbeats;
  private Duration retryBase;
  private Duration retryMax;
  private Duration shutdownWait;
  private int retentionDays;

  @PostConstruct
  void read() {
    var config = ConfigProvider.getConfig(JobSettings.class.getClassLoader());
    threads = config.getValue("backplane.jobs.threads", Integer.class);
    pollInterval = Duration.ofMillis(config.getValue("backplane.jobs.poll-ms", Long.class));
    heartbeatInterval =
        Duration.ofMillis(config.getValue("backplane.jobs.heartbeat-ms", Long.class));
    missedHeartbeats = config.getValue("backplane.jobs.missed-heartbeats", Integer.class);
    retryBase = Duration.ofMillis(config.getValue("backplane.jobs.retry-base-ms", Long.class));
    retryMax = Duration.ofMillis(config.getValue("backplane.jobs.retry-max-ms", Long.class));
    shutdownWait =
        Duration.ofMillis(config.getValue("backplane.jobs.shutdown-wait-ms", Long.class));
    retentionDays = config.getValue("backplane.jobs.retention-days", Integer.class);
  }

  /** How many jobs an instance runs at once. */
  public int threads() {
    return threads;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  public int missedHeartbeats() {
    return missedHeartbeats;
  }

  /** The wait before attempt n + 1 after n failed ones: doubling from the base, to the maximum. */
  public Duration backoff(int failedAttempts) {
    var wait = retryBase.multipliedBy(1L << Math.min(20, Math.max(0, failedAttempts - 1)));
    return wait.compareTo(retryMax) > 0 ? retryMax : wait;
  }

  /** How long a stopping instance waits for its running jobs before others take them over. */
  public Duration shutdownWait() {
    return shutdownWait;
  }

  /** Finished jobs are deleted after this many days. */
  public int retentionDays() {
    return retentionDays;
  }
}
