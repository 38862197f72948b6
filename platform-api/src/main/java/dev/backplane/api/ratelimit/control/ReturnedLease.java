package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;
import java.util.function.BiFunction;
import org.infinispan.protostream.annotations.Proto;

/**
 * A remote function: the units of a lease an instance did not spend in time, given back to the
 * partition's counter at the key's primary owner ({@link Admission#giveBack}), so that other
 * instances may admit them.
 *
 * @param start the start of the window the lease was granted in
 */
@Proto
public record ReturnedLease(
    Algorithm algorithm, long quota, long windowMillis, long start, long units)
    implements BiFunction<String, Counter, Counter> {

  static ReturnedLease of(Limit limit, long start, long units) {
    return new ReturnedLease(limit.algorithm(), limit.quota(), limit.windowMillis(), start, units);
  }

  @Override
  public Counter apply(String key, Counter counter) {
    return Admission.giveBack(new Limit(algorithm, quota, windowMillis), counter, start, units);
  }
}
