package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;
import java.util.function.BiFunction;
import org.infinispan.protostream.annotations.Proto;

/**
 * Requests an instance already admitted on its own (a policy in {@code local} mode), added to the
 * partition's shared counter at the key's primary owner when the instance reconciles, each in the
 * window it was admitted in ({@link Unshipped}): the counter it gets back holds every instance's
 * requests.
 */
@Proto
public record Absorb(
    Algorithm algorithm,
    long quota,
    long windowMillis,
    long cost,
    long at,
    long earlierCost,
    long earlierAt)
    implements BiFunction<String, Counter, Counter> {

  static Absorb of(Limit limit, Unshipped units) {
    return new Absorb(
        limit.algorithm(),
        limit.quota(),
        limit.windowMillis(),
        units.cost(),
        units.at(),
        units.earlierCost(),
        units.earlierAt());
  }

  @Override
  public Counter apply(String key, Counter counter) {
    return new Unshipped(cost, at, earlierCost, earlierAt)
        .onto(new Limit(algorithm, quota, windowMillis), counter);
  }
}
