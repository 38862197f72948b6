package dev.backplane.api.ratelimit.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * What a rate-limit policy allowed and refused across the cluster in one hour (UTC), as the usage
 * roll-up kept it.
 *
 * @param policy the policy's name when the hour was last rolled up
 * @param hour the hour's start
 */
@JsonbPropertyOrder({"policyId", "policy", "hour", "allowed", "refused"})
public record HourlyUsage(long policyId, String policy, Instant hour, long allowed, long refused) {}
