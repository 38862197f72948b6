package dev.backplane.api.ratelimit.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;
import dev.backplane.api.ratelimit.entity.AppliesTo;
import dev.backplane.api.ratelimit.entity.Policy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.infinispan.Cache;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Counters shared by a real Infinispan cluster of three members (in this JVM, over JGroups TCP on
 * loopback, configured by the platform's infinispan.xml): requests counted through every member at
 * once are admitted exactly up to the quota, because each update runs at the key's owner.
 */
class ClusterCountersTest {

  private static final int MEMBERS = 3;
  private static final List<DefaultCacheManager> managers = new ArrayList<>();

  @BeforeAll
  static void formCluster() throws IOException {
    var ports = new ArrayList<Integer>();
    for (int i = 0; i < MEMBERS; i++) {
      ports.add(freePort());
    }
    var members = String.join(",", ports.stream().map(p -> "127.0.0.1[" + p + "]").toList());
    for (int i = 0; i < MEMBERS; i++) {
      var properties = new Properties();
      properties.setProperty(
          "backplane.cluster.name", "counters-test-" + ProcessHandle.current().pid());
      properties.setProperty("backplane.cluster.discovery", "tcpping");
      properties.setProperty("backplane.instance.id", "member-" + (i + 1));
      properties.setProperty("backplane.cluster.bind-address", "127.0.0.1");
      properties.setProperty("backplane.cluster.port", Integer.toString(ports.get(i)));
      properties.setProperty("backplane.cluster.members", members);
      var holder = CacheContainer.configuration(properties, List.of(new RateLimitCaches()));
      managers.add(new DefaultCacheManager(holder, true));
    }
    for (var manager : managers) {
      // every member sees all three before counting starts
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (manager.getMembers().size() < MEMBERS && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(manager.getMembers()).hasSize(MEMBERS);
    }
  }

  @AfterAll
  static void leave() {
    managers.forEach(DefaultCacheManager::stop);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void requestsThroughEveryMemberAreAdmittedExactlyUpToTheQuota(Algorithm algorithm)
      throws Exception {
    // an hour's window: no edge and no refill during the test
    var limit = new Limit(algorithm, 100, 3_600_000);
    var admit = Admit.of(limit, 1);
    var key = "test-policy|" + algorithm + "|client-1";
    var admitted = new AtomicInteger();
    var start = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    for (int t = 0; t < 12; t++) {
      Cache<String, Counter> counters = managers.get(t % MEMBERS).getCache("rate-limit-counters");
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                      for (int i = 0; i < 25; i++) {
                        var counter = counters.compute(key, admit);
                        if (counter.admitted()) {
                          admitted.incrementAndGet();
                        }
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    start.countDown();
    for (var thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }

    // 300 requests through three members, 100 admitted
    assertThat(admitted.get()).isEqualTo(100);
    for (var manager : managers) {
      Cache<String, Counter> counters = manager.getCache("rate-limit-counters");
      var outcome = Admission.outcome(limit, counters.get(key), 1);
      assertThat(outcome.remaining()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void coalescedRequestsAreAdmittedExactlyUpToTheQuotaEachSeeingWhatIsLeft(Algorithm algorithm)
      throws Exception {
    var policy =
        policy(
            algorithm.ordinal() + 100,
            "coalesced",
            100,
            algorithm.name().toLowerCase().replace('_', '-'));
    var key = policy.key("client-1");
    var members =
        managers.stream().map(m -> ExactCounters.on(m.getCache("rate-limit-counters"))).toList();
    var outcomes = new ArrayList<CompletableFuture<Admission.Outcome>>();
    var start = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    for (int t = 0; t < 30; t++) {
      var counters = members.get(t % MEMBERS);
      var mine = new ArrayList<CompletableFuture<Admission.Outcome>>();
      outcomes.addAll(mine);
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                      for (int i = 0; i < 10; i++) {
                        synchronized (outcomes) {
                          outcomes.add(counters.count(policy, key, 1).toCompletableFuture());
                        }
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    start.countDown();
    for (var thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
    var decided = new ArrayList<Admission.Outcome>();
    for (var outcome : outcomes) {
      decided.add(outcome.get(60, TimeUnit.SECONDS));
    }

    // 300 requests through three members, 100 admitted, each with its own remainder
    var admitted = decided.stream().filter(Admission.Outcome::admitted).toList();
    assertThat(admitted).hasSize(100);
    assertThat(admitted.stream().map(Admission.Outcome::remaining).sorted().toList())
        .isEqualTo(LongStream.range(0, 100).boxed().toList());
    assertThat(decided.stream().filter(o -> !o.admitted()))
        .allMatch(o -> o.remaining() == 0 && o.retryAfterMillis() > 0);
  }

  @Test
  void aMemberThatWasRefusedRefusesOnItsOwnUntilTheRefusalEndsWithoutAskingTheOwner()
      throws Exception {
    var policy = policy(200, "remembered", 5, "fixed-window");
    var key = policy.key("flooder");
    var asking = ExactCounters.on(managers.get(0).getCache("rate-limit-counters"));
    for (int i = 0; i < 5; i++) {
      assertThat(asking.count(policy, key, 1).toCompletableFuture().get().admitted()).isTrue();
    }
    var refused = asking.count(policy, key, 1).toCompletableFuture().get();
    assertThat(refused.admitted()).isFalse();

    // the owner would admit again now; the member that was refused does not ask it
    managers.get(0).<String, Counter>getCache("rate-limit-counters").remove(key);
    var remembered = asking.count(policy, key, 1).toCompletableFuture().get();
    var another = ExactCounters.on(managers.get(1).getCache("rate-limit-counters"));
    var asked = another.count(policy, key, 1).toCompletableFuture().get();
    var newQuota = asking.count(policy(200, "remembered", 50, "fixed-window"), key, 1);

    assertThat(remembered.admitted()).isFalse();
    assertThat(remembered.remaining()).isZero();
    assertThat(remembered.retryAfterMillis()).isPositive().isLessThanOrEqualTo(3_600_000);
    assertThat(asked.admitted()).isTrue();
    assertThat(newQuota.toCompletableFuture().get().admitted()).isTrue();
  }

  private static ActivePolicy policy(long id, String name, long quota, String algorithm) {
    return ActivePolicy.of(
        new Policy(
            id,
            name,
            quota,
            3600,
            algorithm,
            "client",
            null,
            AppliesTo.EVERYTHING,
            true,
            "exact",
            "open",
            Instant.now()));
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
