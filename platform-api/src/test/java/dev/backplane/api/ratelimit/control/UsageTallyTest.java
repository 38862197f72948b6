package dev.backplane.api.ratelimit.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.ratelimit.control.UsageSnapshot.PartitionCount;
import org.junit.jupiter.api.Test;

class UsageTallyTest {

  private static final long T0 = 1_795_700_000_000L - Math.floorMod(1_795_700_000_000L, 300_000L);

  @Test
  void countsAllowedAndRefusedPerMinute() {
    var tally = new UsageTally();
    tally.record("a", true, T0);
    tally.record("a", false, T0 + 1000);
    tally.record("a", true, T0 + 61_000);

    var counts = tally.counts(1, T0 + 61_000, 10);

    assertThat(counts.minutes()).hasSize(2);
    assertThat(counts.minutes().get(0).allowed()).isEqualTo(1);
    assertThat(counts.minutes().get(0).refused()).isEqualTo(1);
    assertThat(counts.minutes().get(1).allowed()).isEqualTo(1);
    // 16 minutes later, nothing of that is left in the last 15
    assertThat(tally.counts(1, T0 + 16 * 60_000, 10).minutes()).isEmpty();
  }

  @Test
  void heavyPartitionsStayOnTopUnderAFloodOfDistinctOnes() {
    var tally = new UsageTally();
    for (int i = 0; i < 10_000; i++) {
      tally.record("flood-" + i, true, T0 + i);
      if (i % 10 == 0) {
        tally.record("heavy", true, T0 + i);
      }
      if (i % 20 == 0) {
        tally.record("second", true, T0 + i);
      }
    }

    var top = tally.counts(1, T0 + 10_000, 2).top();

    assertThat(top).extracting(PartitionCount::partition).containsExactly("heavy", "second");
    // Space-Saving never counts a tracked partition below its true count
    assertThat(top.get(0).requests()).isGreaterThanOrEqualTo(1000);
  }
}
