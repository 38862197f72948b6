package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;
import java.util.function.BiFunction;
import org.infinispan.protostream.annotations.Proto;

/**
 * Requests counted against a partition's counter (one, or a batch of them: as many as there is room
 * for are admitted), shipped to the key's primary owner (as ProtoStream) and run there under the
 * key's lock by {@code Cache.compute}: the read, the decision and the write are one step for the
 * whole cluster, decided by one clock, the owner's.
 */
@Proto
public record Admit(Algorithm algorithm, long quota, long windowMillis, long cost)
    implements BiFunction<String, Counter, Counter> {

  public static Admit of(Limit limit, long cost) {
    return new Admit(limit.algorithm(), limit.quota(), limit.windowMillis(), cost);
  }

  @Override
  public Counter apply(String key, Counter counter) {
    return Admission.admitUpTo(
        new Limit(algorithm, quota, windowMillis), counter, System.currentTimeMillis(), cost);
  }
}
