package dev.backplane.api.ratelimit.entity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A rate-limit policy as an administrator writes it (POST creates one, PUT replaces one).
 *
 * @param quota requests admitted per window and partition
 * @param windowSeconds the window's length (the token bucket refills the quota in one window)
 * @param partitionBy what gets a counter of its own: {@code client} (the token's {@code azp}),
 *     {@code subject}, {@code ip} (the client's address, behind trusted proxies), {@code role} (the
 *     caller's realm roles) or {@code claim} (the value of the token claim named by {@code claim})
 * @param appliesTo which requests it counts; absent: every request
 * @param enabled absent: enabled
 * @param mode {@code exact} (the default: the cluster never admits more than the quota) or {@code
 *     local} (each instance counts on its own and reconciles every second: faster, may admit more)
 * @param failureMode when the counters cannot answer in time: {@code open} (the default: admit) or
 *     {@code closed} (refuse with 503)
 */
public record PolicySpec(
    @NotBlank(message = PolicyRules.REQUIRED_MESSAGE)
        @Pattern(regexp = PolicyRules.NAME, message = PolicyRules.NAME_MESSAGE)
        String name,
    @NotNull(message = PolicyRules.REQUIRED_MESSAGE)
        @Min(value = 1, message = PolicyRules.QUOTA_MESSAGE)
        @Max(value = PolicyRules.QUOTA_MAX, message = PolicyRules.QUOTA_MESSAGE)
        Long quota,
    @NotNull(message = PolicyRules.REQUIRED_MESSAGE)
        @Min(value = 1, message = PolicyRules.WINDOW_MESSAGE)
        @Max(value = PolicyRules.WINDOW_MAX_SECONDS, message = PolicyRules.WINDOW_MESSAGE)
        Long windowSeconds,
    @NotNull(message = PolicyRules.REQUIRED_MESSAGE)
        @Pattern(regexp = PolicyRules.ALGORITHM, message = PolicyRules.ALGORITHM_MESSAGE)
        String algorithm,
    @NotNull(message = PolicyRules.REQUIRED_MESSAGE)
        @Pattern(regexp = PolicyRules.PARTITION, message = PolicyRules.PARTITION_MESSAGE)
        String partitionBy,
    @Pattern(regexp = PolicyRules.CLAIM, message = PolicyRules.CLAIM_MESSAGE) String claim,
    @Valid AppliesTo appliesTo,
    Boolean enabled,
    @Pattern(regexp = PolicyRules.MODE, message = PolicyRules.MODE_MESSAGE) String mode,
    @Pattern(regexp = PolicyRules.FAILURE_MODE, message = PolicyRules.FAILURE_MODE_MESSAGE)
        String failureMode) {

  /** The same policy, with every absent value at its default. */
  public PolicySpec normalized() {
    return new PolicySpec(
        name,
        quota,
        windowSeconds,
        algorithm,
        partitionBy,
        claim,
        appliesTo == null ? AppliesTo.EVERYTHING : appliesTo.normalized(),
        enabled == null || enabled,
        mode == null ? "exact" : mode,
        failureMode == null ? "open" : failureMode);
  }
}
