package dev.backplane.api.ratelimit.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.ratelimit.entity.Algorithm;
import dev.backplane.api.ratelimit.entity.AppliesTo;
import dev.backplane.api.ratelimit.entity.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Counting on an instance and reconciling with the cluster's counter, against a hand-set clock. */
class LocalPartitionTest {

  private static final long MINUTE = 60_000;
  private static final long T0 = 1_795_700_000_000L - Math.floorMod(1_795_700_000_000L, MINUTE);

  /** The partition's counter at its owner: shipments are applied there one at a time. */
  private static final class Cluster {
    private Counter counter;

    synchronized Counter absorb(ActivePolicy policy, Unshipped units) {
      counter = Absorb.of(policy.limit(), units).apply("key", counter);
      return counter;
    }
  }

  private static ActivePolicy policy(Algorithm algorithm, long quota) {
    var name = algorithm.name().toLowerCase().replace('_', '-');
    return ActivePolicy.of(
        new Policy(
            7,
            "burst",
            quota,
            60,
            name,
            "client",
            null,
            new AppliesTo(List.of(), List.of(), List.of(), List.of(), "any"),
            true,
            "local",
            "open",
            Instant.now()));
  }

  private static void reconcile(LocalPartition partition, Cluster cluster, ActivePolicy policy) {
    partition.settle(cluster.absorb(policy, partition.take()));
  }

  private static int admitted(LocalPartition partition, ActivePolicy policy, long at, int n) {
    int admitted = 0;
    for (int i = 0; i < n; i++) {
      admitted += partition.admit(policy, at, 1).admitted() ? 1 : 0;
    }
    return admitted;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void manyThreadsWhileReconcilingNeverGetMoreThanTheQuota(Algorithm algorithm)
      throws InterruptedException {
    var policy = policy(algorithm, 500);
    var cluster = new Cluster();
    var partition = new LocalPartition(policy, null, T0);
    var admitted = new AtomicInteger();
    var start = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    for (int t = 0; t < 8; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    await(start);
                    for (int i = 0; i < 200; i++) {
                      if (partition.admit(policy, T0 + 1_000, 1).admitted()) {
                        admitted.incrementAndGet();
                      }
                    }
                  }));
    }
    var reconciler =
        Thread.ofPlatform()
            .start(
                () -> {
                  await(start);
                  for (int i = 0; i < 200; i++) {
                    reconcile(partition, cluster, policy);
                  }
                });
    start.countDown();
    for (var thread : threads) {
      thread.join();
    }
    reconciler.join();
    reconcile(partition, cluster, policy);

    assertThat(admitted.get()).isEqualTo(500);
    // the cluster saw each of them once, and so does the instance after reconciling
    var cluster1 = Admission.admit(policy.limit(), cluster.counter, T0 + 1_000, 0);
    assertThat(Admission.outcome(policy.limit(), cluster1, 1).remaining()).isZero();
    assertThat(partition.admit(policy, T0 + 1_000, 1).admitted()).isFalse();
    if (algorithm == Algorithm.FIXED_WINDOW) {
      assertThat(cluster.counter.count()).isEqualTo(500);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"FIXED_WINDOW", "SLIDING_WINDOW"})
  void requestsAdmittedBeforeAWindowsEdgeCountInTheirWindowWhenShippedAfterIt(Algorithm algorithm) {
    var policy = policy(algorithm, 100);
    var cluster = new Cluster();
    var partition = new LocalPartition(policy, null, T0);

    assertThat(admitted(partition, policy, T0 + MINUTE - 100, 100)).isEqualTo(100);
    // shipped 200 ms into the next window
    reconcile(partition, cluster, policy);

    assertThat(cluster.counter.start()).isEqualTo(T0);
    int next = admitted(partition, policy, T0 + MINUTE + 30_000, 100);
    // fixed: a fresh window; sliding: half of the previous window still weighs
    assertThat(next).isEqualTo(algorithm == Algorithm.FIXED_WINDOW ? 100 : 50);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void twoInstancesSeeEachOthersRequestsAfterReconciling(Algorithm algorithm) {
    var policy = policy(algorithm, 100);
    var cluster = new Cluster();
    var one = new LocalPartition(policy, null, T0);
    var two = new LocalPartition(policy, null, T0);

    assertThat(admitted(one, policy, T0 + 1_000, 60)).isEqualTo(60);
    assertThat(admitted(two, policy, T0 + 1_000, 30)).isEqualTo(30);
    reconcile(one, cluster, policy);
    reconcile(two, cluster, policy);
    reconcile(one, cluster, policy);

    assertThat(admitted(one, policy, T0 + 1_000, 20)).isEqualTo(10);
    assertThat(admitted(two, policy, T0 + 1_000, 20)).isEqualTo(10);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void aShipmentThatFailedIsShippedAgainWithWhatCameSince(Algorithm algorithm) {
    var policy = policy(algorithm, 100);
    var cluster = new Cluster();
    var partition = new LocalPartition(policy, null, T0);

    admitted(partition, policy, T0 + 1_000, 40);
    partition.giveBack(partition.take());
    admitted(partition, policy, T0 + 2_000, 20);
    reconcile(partition, cluster, policy);

    var other = new LocalPartition(policy, cluster.counter, T0 + 2_000);
    assertThat(admitted(other, policy, T0 + 2_000, 100)).isEqualTo(40);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
