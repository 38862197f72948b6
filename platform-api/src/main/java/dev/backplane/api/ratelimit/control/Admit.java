package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;
import java.util.function.BiFunction;
import org.infinispan.protostream.annotations.Proto;

/**
 * A remote function: requests counted against a partition's counter (one, or a batch of them: as
 * many as there is room for are admitted), with a lease of up to {@code extra} units more for the
 * asking instance to spend on its own ({@link Admission#lease}), shipped to the key's primary owner
 * (as ProtoStream) and run there under the key's lock by {@code Cache.compute}: the read, the
 * decision and the write are one step for the whole cluster, decided by one clock, the owner's.
 *
 * @param share the lease gets at most this fraction of the room left (twice the members)
 */
@Proto
public record Admit(
    Algorithm algorithm, long quota, long windowMillis, long cost, long extra, long share)
    implements BiFunction<String, Counter, Counter> {

  public static Admit of(Limit limit, long cost) {
    return lease(limit, cost, 0, 1);
  }

  public static Admit lease(Limit limit, long cost, long extra, long share) {
    return new Admit(limit.algorithm(), limit.quota(), limit.windowMillis(), cost, extra, share);
  }

  @Override
  public Counter apply(String key, Counter counter) {
    return Admission.lease(
        new Limit(algorithm, quota, windowMillis),
        counter,
        System.currentTimeMillis(),
        cost,
        extra,
        share);
  }
}
