package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Outcome;
import java.util.List;

/**
 * What the policies that apply to a request decided: each policy's outcome, or none when its
 * counters did not answer in time.
 */
public record Decision(List<Verdict> verdicts) {

  public static final Decision NONE = new Decision(List.of());

  /** One policy's decision; {@code outcome} is absent when the counters did not answer. */
  public record Verdict(ActivePolicy policy, Outcome outcome) {
    boolean refused() {
      return outcome != null && !outcome.admitted();
    }

    boolean unavailableAndClosed() {
      return outcome == null && policy.failClosed();
    }
  }

  public boolean none() {
    return verdicts.isEmpty();
  }

  /** Some policy's quota is exhausted: 429. */
  public boolean refused() {
    return verdicts.stream().anyMatch(Verdict::refused);
  }

  /** Some policy that fails closed could not decide: 503. */
  public boolean unavailable() {
    return verdicts.stream().anyMatch(Verdict::unavailableAndClosed);
  }

  public List<String> violated() {
    return verdicts.stream().filter(Verdict::refused).map(v -> v.policy().name()).toList();
  }

  /** Until every refusing policy would admit the request again. */
  public long retryAfterSeconds() {
    return Math.max(
        1,
        verdicts.stream()
            .filter(Verdict::refused)
            .mapToLong(v -> RateLimitHeaders.seconds(v.outcome().retryAfterMillis()))
            .max()
            .orElse(1));
  }

  /** {@code RateLimit-Policy}: the quota of every policy that decided. */
  public String policyHeader() {
    return RateLimitHeaders.policy(
        decided().stream()
            .map(
                v ->
                    new RateLimitHeaders.Quota(
                        v.policy().name(),
                        v.policy().limit().quota(),
                        v.policy().limit().windowMillis() / 1000))
            .toList());
  }

  /** {@code RateLimit}: what is left of every policy's quota that decided. */
  public String limitHeader() {
    return RateLimitHeaders.limit(
        decided().stream()
            .map(
                v ->
                    new RateLimitHeaders.Usage(
                        v.policy().name(),
                        v.outcome().remaining(),
                        RateLimitHeaders.seconds(v.outcome().resetMillis())))
            .toList());
  }

  private List<Verdict> decided() {
    return verdicts.stream().filter(v -> v.outcome() != null).toList();
  }
}
