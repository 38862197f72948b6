package dev.backplane.api.problem.control;

/**
 * A caller holding more of something than it may at once (open event streams, say): 429 with {@code
 * Retry-After}.
 */
public class TooManyRequestsException extends RefusedException {

  private final long retryAfterSeconds;

  public TooManyRequestsException(String detail, long retryAfterSeconds) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public int status() {
    return 429;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
