package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.UsageSnapshot.MinuteCounts;
import dev.backplane.api.ratelimit.control.UsageSnapshot.PartitionCount;
import dev.backplane.api.ratelimit.control.UsageSnapshot.PolicyCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy's requests on this instance: allowed and refused per minute for the last {@value
 * #MINUTES} minutes, and the busiest partitions by the Space-Saving algorithm (Metwally et al.): at
 * most {@value #TRACKED} partitions are tracked, a new one takes the place of the least counted and
 * inherits its count, so memory stays bounded under a flood of distinct partitions and the heavy
 * ones are never lost. The sketch starts over every {@value #EPOCH_MINUTES} minutes, the previous
 * epoch's still reported, so partitions gone quiet fade out.
 */
final class UsageTally {

  static final int MINUTES = 15;
  static final int TRACKED = 100;
  static final int EPOCH_MINUTES = 5;

  private final long[] minute = new long[MINUTES + 1];
  private final long[] allowed = new long[MINUTES + 1];
  private final long[] refused = new long[MINUTES + 1];
  private Map<String, Long> sketch = new HashMap<>();
  private Map<String, Long> previousSketch = Map.of();
  private long epoch;

  synchronized void record(String partition, boolean admitted, long nowMillis) {
    long now = nowMillis / 60_000;
    int slot = (int) (now % minute.length);
    if (minute[slot] != now) {
      minute[slot] = now;
      allowed[slot] = 0;
      refused[slot] = 0;
    }
    if (admitted) {
      allowed[slot]++;
    } else {
      refused[slot]++;
    }
    long currentEpoch = now / EPOCH_MINUTES;
    if (currentEpoch != epoch) {
      previousSketch = currentEpoch == epoch + 1 ? sketch : Map.of();
      sketch = new HashMap<>();
      epoch = currentEpoch;
    }
    var count = sketch.get(partition);
    if (count != null) {
      sketch.put(partition, count + 1);
    } else if (sketch.size() < TRACKED) {
      sketch.put(partition, 1L);
    } else {
      var least = sketch.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
      sketch.remove(least.getKey());
      sketch.put(partition, least.getValue() + 1);
    }
  }

  synchronized PolicyCounts counts(long policyId, long nowMillis, int top) {
    long now = nowMillis / 60_000;
    var minutes = new ArrayList<MinuteCounts>();
    for (int slot = 0; slot < minute.length; slot++) {
      if (minute[slot] > now - MINUTES && minute[slot] <= now) {
        minutes.add(new MinuteCounts(minute[slot], allowed[slot], refused[slot]));
      }
    }
    minutes.sort(Comparator.comparingLong(MinuteCounts::minute));
    var merged = new HashMap<String, Long>();
    long currentEpoch = now / EPOCH_MINUTES;
    if (currentEpoch == epoch) {
      merged.putAll(previousSketch);
      sketch.forEach((partition, count) -> merged.merge(partition, count, Long::sum));
    } else if (currentEpoch == epoch + 1) {
      merged.putAll(sketch); // the epoch just over, nothing counted in this one yet
    }
    return new PolicyCounts(policyId, minutes, busiest(merged, top));
  }

  /** Several tallies' counts of one policy as one (stripes of one instance, or instances). */
  static PolicyCounts merge(long policyId, List<PolicyCounts> parts, int top) {
    var minutes = new java.util.TreeMap<Long, long[]>();
    var partitions = new HashMap<String, Long>();
    for (var part : parts) {
      for (var m : part.minutes()) {
        var sums = minutes.computeIfAbsent(m.minute(), k -> new long[2]);
        sums[0] += m.allowed();
        sums[1] += m.refused();
      }
      part.top().forEach(p -> partitions.merge(p.partition(), p.requests(), Long::sum));
    }
    var merged = new ArrayList<MinuteCounts>();
    minutes.forEach((minute, sums) -> merged.add(new MinuteCounts(minute, sums[0], sums[1])));
    return new PolicyCounts(policyId, merged, busiest(partitions, top));
  }

  static List<PartitionCount> busiest(Map<String, Long> counts, int top) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .map(e -> new PartitionCount(e.getKey(), e.getValue()))
        .toList();
  }
}
