package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;
import java.util.function.BiFunction;
import org.infinispan.protostream.annotations.Proto;

/**
 * Requests an instance already admitted on its own (a policy in {@code local} mode), added to the
 * partition's shared counter at the key's primary owner when the instance reconciles: the counter
 * it gets back holds every instance's requests.
 */
@Proto
public record Absorb(Algorithm algorithm, long quota, long windowMillis, long cost)
    implements BiFunction<String, Counter, Counter> {

  public static Absorb of(Limit limit, long cost) {
    return new Absorb(limit.algorithm(), limit.quota(), limit.windowMillis(), cost);
  }

  @Override
  public Counter apply(String key, Counter counter) {
    return Admission.absorb(
        new Limit(algorithm, quota, windowMillis), counter, System.currentTimeMillis(), cost);
  }
}
