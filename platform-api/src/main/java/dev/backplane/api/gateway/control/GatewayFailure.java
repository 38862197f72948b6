package dev.backplane.api.gateway.control;

import dev.backplane.api.problem.control.RefusedException;

/**
 * No target of a route answered: 502 (none could be reached, or one broke the connection), 503
 * (none takes requests now: circuits open, health checks failing) or 504 (one stayed silent too
 * long). The message names the route.
 */
public class GatewayFailure extends RefusedException {

  private final int status;
  private final long retryAfterSeconds;

  GatewayFailure(int status, String detail, long retryAfterSeconds, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public int status() {
    return status;
  }

  /** For a 503: when a target may take requests again; 0 otherwise. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
