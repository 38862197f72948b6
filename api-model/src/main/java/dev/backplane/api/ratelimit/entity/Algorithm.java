package dev.backplane.api.ratelimit.entity;

import org.infinispan.protostream.annotations.Proto;

/**
 * How a policy counts a partition's requests against its quota per window.
 *
 * <ul>
 *   <li>{@code FIXED_WINDOW}: windows aligned on the clock (a 60 s window starts at every full
 *       minute); at most the quota per window, so up to twice the quota across a window's edge.
 *   <li>{@code SLIDING_WINDOW}: the current window's count plus the previous window's, weighted by
 *       how much of it the sliding window still covers: smooths the edge, never more than the quota
 *       by that estimate.
 *   <li>{@code TOKEN_BUCKET}: a bucket of quota tokens refilled at quota per window, one token per
 *       request: bursts up to the quota, then the refill rate.
 * </ul>
 */
@Proto
public enum Algorithm {
  FIXED_WINDOW,
  SLIDING_WINDOW,
  TOKEN_BUCKET
}
