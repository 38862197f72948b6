package dev.backplane.api.ratelimit.control;

import org.infinispan.protostream.annotations.Proto;

/**
 * One partition's counter under one policy, as the cluster keeps it, and the decision taken on it
 * last (which travels back from the key's owner with it).
 *
 * @param at when the last request was counted (epoch milliseconds, the deciding clock)
 * @param start the current window's start (fixed and sliding windows), or when the tokens were last
 *     computed (token bucket)
 * @param count quota units admitted in the current window
 * @param previous quota units admitted in the window before (sliding window)
 * @param tokens tokens left (token bucket)
 * @param admitted whether the last request was admitted (all or part of it, see granted)
 * @param granted quota units the last decision admitted: a batch of requests may get part of what
 *     it asked for
 */
@Proto
public record Counter(
    long at, long start, long count, long previous, double tokens, boolean admitted, long granted) {

  /** The same counter, seen by a request it refused. */
  public Counter refusing() {
    return new Counter(at, start, count, previous, tokens, false, 0);
  }
}
