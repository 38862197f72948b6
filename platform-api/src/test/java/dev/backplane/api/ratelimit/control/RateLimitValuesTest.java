package dev.backplane.api.ratelimit.control;

import dev.backplane.api.testing.ProtoRoundTrip;
import org.junit.jupiter.api.Test;

/** Every rate-limit value the caches hold survives the trip between instances unchanged. */
class RateLimitValuesTest {

  private static final ProtoRoundTrip VALUES = new ProtoRoundTrip(new RateLimitValuesImpl());

  @Test
  void rateLimitCounters() {
    VALUES.assertRoundTrip(new Counter(1_795_706_000_123L, 1_795_705_980_000L, 42, 17, 0, true, 3));
    VALUES.assertRoundTrip(new Counter(1L, 1L, 0, 0, 99.25, false, 0));
  }
}
