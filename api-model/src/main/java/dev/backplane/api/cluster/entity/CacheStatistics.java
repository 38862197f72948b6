package dev.backplane.api.cluster.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.infinispan.protostream.annotations.Proto;

/**
 * What one cache did on one instance, or in total: entries held, reads that found (hits) or missed
 * their entry, writes, removals, evictions, and the average read and write times.
 *
 * @param hitRatio hits / (hits + misses); absent before the first read
 */
@JsonbPropertyOrder({
  "entries",
  "hits",
  "misses",
  "hitRatio",
  "stores",
  "removals",
  "evictions",
  "averageReadMillis",
  "averageWriteMillis"
})
@Proto
public record CacheStatistics(
    long entries,
    long hits,
    long misses,
    Double hitRatio,
    long stores,
    long removals,
    long evictions,
    double averageReadMillis,
    double averageWriteMillis) {

  public static CacheStatistics of(
      long entries,
      long hits,
      long misses,
      long stores,
      long removals,
      long evictions,
      double averageReadMillis,
      double averageWriteMillis) {
    var reads = hits + misses;
    return new CacheStatistics(
        entries,
        hits,
        misses,
        reads == 0 ? null : (double) hits / reads,
        stores,
        removals,
        evictions,
        averageReadMillis,
        averageWriteMillis);
  }
}
