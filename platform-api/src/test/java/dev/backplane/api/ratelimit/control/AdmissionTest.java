package dev.backplane.api.ratelimit.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The three algorithms against a clock the test moves by hand. */
class AdmissionTest {

  private static final long MINUTE = 60_000;

  /** A window's start: windows are aligned on multiples of their length. */
  private static final long T0 = 1_795_700_000_000L - Math.floorMod(1_795_700_000_000L, MINUTE);

  /** A partition's counter and the clock, as one key at its owner sees them. */
  private static final class Partition {
    final Limit limit;
    Counter counter;

    Partition(Algorithm algorithm, long quota, long window) {
      this.limit = new Limit(algorithm, quota, window);
    }

    Admission.Outcome hit(long at) {
      counter = Admission.admit(limit, counter, at, 1);
      return Admission.outcome(limit, counter, 1);
    }

    int admitted(long at, int requests) {
      int admitted = 0;
      for (int i = 0; i < requests; i++) {
        admitted += hit(at).admitted() ? 1 : 0;
      }
      return admitted;
    }
  }

  @Test
  void fixedWindowAdmitsTheQuotaPerWindowAndOpensAgainAtTheEdge() {
    var partition = new Partition(Algorithm.FIXED_WINDOW, 3, MINUTE);

    assertThat(partition.admitted(T0 + 1_000, 3)).isEqualTo(3);
    var refused = partition.hit(T0 + 10_000);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfterMillis()).isEqualTo(50_000);
    assertThat(partition.hit(T0 + MINUTE - 1).admitted()).isFalse();

    var next = partition.hit(T0 + MINUTE);
    assertThat(next.admitted()).isTrue();
    assertThat(next.remaining()).isEqualTo(2);
    assertThat(next.resetMillis()).isEqualTo(MINUTE);
  }

  @Test
  void fixedWindowLetsTwiceTheQuotaThroughAcrossAnEdge() {
    var partition = new Partition(Algorithm.FIXED_WINDOW, 3, MINUTE);

    assertThat(partition.admitted(T0 + MINUTE - 1, 3) + partition.admitted(T0 + MINUTE, 3))
        .isEqualTo(6);
  }

  @Test
  void slidingWindowWeighsThePreviousWindowAcrossTheEdge() {
    var partition = new Partition(Algorithm.SLIDING_WINDOW, 10, MINUTE);

    assertThat(partition.admitted(T0 + MINUTE - 1, 10)).isEqualTo(10);
    // at the edge the previous window still counts in full
    assertThat(partition.admitted(T0 + MINUTE, 5)).isZero();
    // half-way through, half of it: 5 more
    assertThat(partition.admitted(T0 + MINUTE + 30_000, 10)).isEqualTo(5);
    // a window later, only those 5, weighted by half
    // a window later, only those 5, weighted by half, and this request: 10 - 3.5
    assertThat(partition.hit(T0 + 2 * MINUTE + 30_000).remaining()).isEqualTo(6);
  }

  @Test
  void tokenBucketBurstsToTheQuotaThenRefillsAtItsRate() {
    // 10 tokens, 1 per second
    var partition = new Partition(Algorithm.TOKEN_BUCKET, 10, 10_000);

    assertThat(partition.admitted(T0, 10)).isEqualTo(10);
    var refused = partition.hit(T0);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterMillis()).isEqualTo(1_000);
    assertThat(refused.resetMillis()).isEqualTo(10_000);
    assertThat(partition.hit(T0 + 999).admitted()).isFalse();
    assertThat(partition.hit(T0 + 1_000).admitted()).isTrue();
    assertThat(partition.hit(T0 + 1_000).admitted()).isFalse();
    // never more than the bucket holds, however long it rested
    assertThat(partition.admitted(T0 + 3_600_000, 20)).isEqualTo(10);
  }

  /**
   * What the headers promise holds, whatever came before: exactly "remaining" more requests are
   * admitted at the same moment, and a refused request is admitted once "retry after" has passed
   * (not a millisecond sooner, for the windows; the bucket rounds up).
   */
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void remainingAndRetryAfterAreTrue(Algorithm algorithm) {
    var random = new Random(algorithm.ordinal());
    for (int run = 0; run < 200; run++) {
      var partition =
          new Partition(algorithm, 1 + random.nextInt(20), 1_000 + random.nextInt(MINUTE_INT));
      long now = T0 + random.nextInt(MINUTE_INT);
      for (int step = 0; step < 30; step++) {
        now += random.nextInt(3_000);
        var outcome = partition.hit(now);
        if (outcome.admitted()) {
          var copy = partition.counter;
          assertThat(partition.admitted(now, (int) outcome.remaining()))
              .as("%s: remaining %d at %d", algorithm, outcome.remaining(), now)
              .isEqualTo(outcome.remaining());
          assertThat(partition.hit(now).admitted())
              .as("%s: one more than remaining", algorithm)
              .isFalse();
          partition.counter = copy;
        } else {
          var copy = partition.counter;
          assertThat(partition.hit(now + outcome.retryAfterMillis()).admitted())
              .as("%s: after retry-after %d", algorithm, outcome.retryAfterMillis())
              .isTrue();
          if (algorithm != Algorithm.TOKEN_BUCKET && outcome.retryAfterMillis() > 1) {
            partition.counter = copy;
            assertThat(partition.hit(now + outcome.retryAfterMillis() - 1).admitted())
                .as(
                    "%s: just before retry-after %s %s %s",
                    algorithm, outcome, copy, partition.limit)
                .isFalse();
          }
          partition.counter = copy;
        }
      }
    }
  }

  private static final int MINUTE_INT = (int) MINUTE;

  /** Many threads at once, each update atomic as at the key's owner: never more than the quota. */
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void concurrentHitsNeverGetMoreThanTheQuota(Algorithm algorithm) throws Exception {
    var limit = new Limit(algorithm, 100, MINUTE);
    var counters = new ConcurrentHashMap<String, Counter>();
    var admitted = new AtomicInteger();
    var start = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    for (int t = 0; t < 16; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int i = 0; i < 500; i++) {
                      // one instant for all: no window edge, no refill
                      long now = T0;
                      var counter =
                          counters.compute(
                              "client", (key, old) -> Admission.admit(limit, old, now, 1));
                      if (Admission.outcome(limit, counter, 1).admitted()) {
                        admitted.incrementAndGet();
                      }
                    }
                  }));
    }
    start.countDown();
    for (var thread : threads) {
      thread.join();
    }

    assertThat(admitted.get()).isEqualTo(100);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void aClockBehindTheCounterNeverAdmitsMore(Algorithm algorithm) {
    var partition = new Partition(algorithm, 5, MINUTE);
    assertThat(partition.admitted(T0 + MINUTE + 1_000, 5)).isEqualTo(5);

    // another owner's clock, a window behind
    assertThat(partition.admitted(T0 + 30_000, 5)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void absorbedRequestsCountBeyondTheQuotaAndRefuseTheNextOnes(Algorithm algorithm) {
    var limit = new Limit(algorithm, 10, MINUTE);
    // another instance admitted 8 on its own, this one 7: the cluster's counter holds 15
    var counter = Admission.absorb(limit, null, T0 + 1000, 8);
    counter = Admission.absorb(limit, counter, T0 + 1000, 7);

    var next = Admission.admit(limit, counter, T0 + 1000, 1);

    assertThat(next.admitted()).isFalse();
    var outcome = Admission.outcome(limit, next, 1);
    assertThat(outcome.remaining()).isZero();
    assertThat(outcome.retryAfterMillis()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void aBatchGetsWhatThereIsRoomForAndNoMore(Algorithm algorithm) {
    var limit = new Limit(algorithm, 10, MINUTE);
    var counter = Admission.admitUpTo(limit, null, T0 + 1000, 7);
    assertThat(counter.granted()).isEqualTo(7);

    var next = Admission.admitUpTo(limit, counter, T0 + 1000, 7);

    assertThat(next.granted()).isEqualTo(3);
    assertThat(Admission.outcome(limit, next, 1).remaining()).isZero();
    var full = Admission.admitUpTo(limit, next, T0 + 1000, 7);
    assertThat(full.granted()).isZero();
    assertThat(full.admitted()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"FIXED_WINDOW", "SLIDING_WINDOW"})
  void aLeaseIsAShareOfTheRoomLeftAndNoneOnceAQuarterOfTheQuotaRemains(Algorithm algorithm) {
    var limit = new Limit(algorithm, 1200, MINUTE);

    // 1,190 left after the batch of 10, shared among 6: 198 at most
    var first = Admission.lease(limit, null, T0 + 1000, 10, 500, 6);
    assertThat(first.granted()).isEqualTo(10 + 198);
    // a smaller lease asked is a smaller lease given
    var second = Admission.lease(limit, first, T0 + 1000, 0, 50, 6);
    assertThat(second.granted()).isEqualTo(50);
    // the batch first: it gets all the room there is; the lease gets none of the last quarter
    var nearTheEnd = Admission.lease(limit, null, T0 + 1000, 900, 500, 6);
    assertThat(nearTheEnd.granted()).isEqualTo(900);
    var last = Admission.lease(limit, nearTheEnd, T0 + 1000, 400, 500, 6);
    assertThat(last.granted()).isEqualTo(300);
    assertThat(Admission.lease(limit, last, T0 + 1000, 1, 500, 6).admitted()).isFalse();
    // spendable until the window ends, from the decision
    assertThat(Admission.leaseMillis(limit, first)).isEqualTo(MINUTE - 1000);
  }

  @Test
  void aTokenBucketLeasesNothing() {
    var limit = new Limit(Algorithm.TOKEN_BUCKET, 1200, MINUTE);

    var counter = Admission.lease(limit, null, T0 + 1000, 10, 500, 6);

    assertThat(counter.granted()).isEqualTo(10);
    assertThat(Admission.leaseMillis(limit, counter)).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"FIXED_WINDOW", "SLIDING_WINDOW"})
  void unspentUnitsGivenBackAreRoomAgainInTheirWindowOnly(Algorithm algorithm) {
    var limit = new Limit(algorithm, 100, MINUTE);
    var leased = Admission.lease(limit, null, T0 + 1000, 30, 70, 1);
    assertThat(leased.granted()).isEqualTo(30 + 70);

    var givenBack = Admission.giveBack(limit, leased, T0, 40);

    assertThat(Admission.outcome(limit, givenBack, 1).remaining()).isEqualTo(40);
    assertThat(Admission.admitUpTo(limit, givenBack, T0 + 2000, 50).granted()).isEqualTo(40);
    // a lease of a window that is over weighs nothing on the next one's count
    var nextWindow = Admission.admit(limit, leased, T0 + MINUTE + 1000, 1);
    var late = Admission.giveBack(limit, nextWindow, T0, 40);
    assertThat(late.count()).isEqualTo(nextWindow.count());
    assertThat(late.previous())
        .isEqualTo(algorithm == Algorithm.SLIDING_WINDOW ? nextWindow.previous() - 40 : 0);
  }
}
