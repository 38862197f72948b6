package dev.backplane.api.gateway.control;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.core5.http.HttpHost;

/**
 * One target of a route on this instance: where it is, its weight, its circuit breaker (failures
 * seen by requests) and its health (seen by the active probes, when the route has them).
 */
final class UpstreamTarget {

  final String url;
  final HttpHost host;

  /** The URL's path without a trailing '/' (empty for none). */
  final String basePath;

  final int weight;
  final CircuitBreaker breaker;

  /** The smooth weighted round robin's running weight; guarded by the route's lock. */
  int current;

  /** The last probe's verdict (true until one fails). */
  volatile boolean healthy = true;

  /** When the next probe is due (System.nanoTime), for the prober only. */
  long nextProbeAt;

  UpstreamTarget(String route, String url, int weight, long circuitOpenMillis) {
    this.url = url;
    var uri = URI.create(url);
    this.host = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
    var path = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.weight = weight;
    this.breaker =
        CircuitBreaker.of(
            route + " " + url,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMillis(circuitOpenMillis))
                .permittedNumberOfCallsInHalfOpenState(2)
                // half-open on the first request after the wait: no timer thread of its own
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
  }

  /** Whether requests may go to it: its probes pass and its circuit lets this one through. */
  boolean admits() {
    return healthy && breaker.tryAcquirePermission();
  }

  /** "closed", "open", "half-open" (for the status view). */
  String circuit() {
    return switch (breaker.getState()) {
      case CLOSED -> "closed";
      case HALF_OPEN -> "half-open";
      default -> "open";
    };
  }
}
