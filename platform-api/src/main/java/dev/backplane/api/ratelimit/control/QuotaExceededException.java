package dev.backplane.api.ratelimit.control;

import java.util.List;

/** A request beyond the quota of one or more policies: 429 with {@code Retry-After}. */
public class QuotaExceededException extends RuntimeException {

  private final transient List<String> violated;
  private final long retryAfterSeconds;

  public QuotaExceededException(Decision decision) {
    super(
        "The quota of "
            + String.join(", ", decision.violated())
            + " is used up; retry in "
            + decision.retryAfterSeconds()
            + " s.");
    this.violated = List.copyOf(decision.violated());
    this.retryAfterSeconds = decision.retryAfterSeconds();
  }

  /** The names of the policies whose quota is used up, as the RateLimit headers name them. */
  public List<String> violated() {
    return violated;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
