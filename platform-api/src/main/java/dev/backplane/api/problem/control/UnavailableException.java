package dev.backplane.api.problem.control;

/**
 * What the request needs cannot answer now (a dependency is down or frozen, the instance is
 * stopping): 503 with {@code Retry-After}, so that clients come back instead of giving up.
 */
public class UnavailableException extends RefusedException {

  private final long retryAfterSeconds;

  public UnavailableException(String detail, long retryAfterSeconds) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public UnavailableException(String detail, long retryAfterSeconds, Throwable cause) {
    super(detail, cause);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public int status() {
    return 503;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
