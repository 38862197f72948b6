package dev.backplane.api.gateway.entity;

/**
 * How each instance probes a route's targets: a GET of {@code path} on every target every {@code
 * intervalSeconds}; a target that does not answer 2xx or 3xx within 2 s gets no requests until it
 * does again.
 *
 * @param path the path probed on each target (e.g. {@code /health})
 * @param intervalSeconds 1 to 3,600; 10 when absent
 */
public record TargetHealthCheck(String path, Integer intervalSeconds) {

  public int intervalOrDefault() {
    return intervalSeconds == null ? 10 : intervalSeconds;
  }
}
