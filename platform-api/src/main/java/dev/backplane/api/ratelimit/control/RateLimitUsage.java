package dev.backplane.api.ratelimit.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.cluster.control.InstanceIdentity;
import dev.backplane.api.ratelimit.control.UsageSnapshot.PartitionCount;
import dev.backplane.api.ratelimit.control.UsageSnapshot.PolicyCounts;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.ratelimit.entity.UsageReport;
import dev.backplane.api.ratelimit.entity.UsageReport.MinuteUsage;
import dev.backplane.api.ratelimit.entity.UsageReport.PartitionUsage;
import dev.backplane.api.ratelimit.entity.UsageReport.PolicyUsage;
import dev.backplane.api.security.control.SubjectNames;
import dev.backplane.api.security.control.SubjectNames.SubjectName;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.infinispan.Cache;

/**
 * What the policies decide: a Prometheus counter per policy and outcome ({@code
 * backplane_rate_limit_requests_total}, labels bounded by the number of policies), and per policy
 * on this instance a {@link UsageTally}, published to the cluster every {@value #PUBLISH_SECONDS}
 * seconds so that any instance can report the whole cluster's usage.
 */
@ApplicationScoped
public class RateLimitUsage {

  private static final Logger LOG = Logger.getLogger(RateLimitUsage.class.getName());
  static final String CACHE = "rate-limit-usage";
  static final int PUBLISH_SECONDS = 2;
  private static final int TOP = 10;
  private static final String METRIC = "backplane_rate_limit_requests";

  /** What a policy decided for one request. */
  public enum Outcome {
    ALLOWED,
    REFUSED,
    /** The counters did not answer in time: the policy's failure mode applied. */
    UNAVAILABLE;

    String label() {
      return name().toLowerCase();
    }
  }

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject CacheContainer container;
  @Inject InstanceIdentity identity;
  @Inject ExactCounters counters;
  @Inject LocalCounters local;
  @Inject PolicyStore store;
  @Inject MetricRegistry metrics;
  @Inject Instance<SubjectNames> names;

  /** Tallies per policy, striped by thread: one lock per policy would serialize its requests. */
  private static final int STRIPES = 8;

  private final Map<Long, UsageTally[]> tallies = new ConcurrentHashMap<>();
  private final Map<String, Counter> decided = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> publishing;

  void onStartup(@Observes Startup startup) {
    publishing =
        scheduler.scheduleAtFixedRate(
            this::publish, PUBLISH_SECONDS, PUBLISH_SECONDS, TimeUnit.SECONDS);
  }

  public void record(ActivePolicy policy, String partition, Outcome outcome) {
    if (outcome != Outcome.UNAVAILABLE) {
      var stripes = tallies.computeIfAbsent(policy.id(), id -> newStripes());
      stripes[(int) (Thread.currentThread().threadId() % STRIPES)].record(
          partition, outcome == Outcome.ALLOWED, System.currentTimeMillis());
    }
    decided
        .computeIfAbsent(policy.name() + "|" + outcome, k -> metric(policy.name(), outcome))
        .inc();
  }

  private Counter metric(String policy, Outcome outcome) {
    return metrics.counter(
        Metadata.builder()
            .withName(METRIC)
            .withDescription("Requests a rate-limit policy counted, by what it decided")
            .build(),
        new Tag("policy", policy),
        new Tag("outcome", outcome.label()));
  }

  /** A deleted policy's counters and metrics go (on this instance; others drop them at restart). */
  public void forget(Policy policy) {
    tallies.remove(policy.id());
    for (var outcome : Outcome.values()) {
      decided.remove(policy.name() + "|" + outcome);
      metrics.remove(
          new MetricID(
              METRIC, new Tag("policy", policy.name()), new Tag("outcome", outcome.label())));
    }
  }

  private static UsageTally[] newStripes() {
    var stripes = new UsageTally[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new UsageTally();
    }
    return stripes;
  }

  private UsageSnapshot snapshot() {
    long now = System.currentTimeMillis();
    var policies = new ArrayList<PolicyCounts>();
    tallies.forEach(
        (id, stripes) -> {
          var parts = new ArrayList<PolicyCounts>();
          for (var stripe : stripes) {
            parts.add(stripe.counts(id, now, UsageTally.TRACKED));
          }
          policies.add(UsageTally.merge(id, parts, UsageTally.TRACKED));
        });
    return new UsageSnapshot(identity.id(), now, policies);
  }

  private void publish() {
    if (tallies.isEmpty()) {
      return;
    }
    try {
      cache().put(identity.id(), snapshot());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Rate-limit usage not published now", e);
    }
  }

  /** Every policy's use across the cluster, this instance's counts as they are now. */
  public UsageReport report() {
    long now = System.currentTimeMillis();
    var snapshots = snapshots();
    var policies = new ArrayList<PolicyUsage>();
    for (var policy : store.list()) {
      policies.add(usage(policy, snapshots.values(), now));
    }
    return new UsageReport(
        Instant.ofEpochMilli(now), List.copyOf(new TreeSet<>(snapshots.keySet())), policies);
  }

  /**
   * Every policy's requests per minute across the cluster over the last {@value UsageTally#MINUTES}
   * minutes, the current one so far (what the usage roll-up keeps): by policy id, the minutes
   * oldest first.
   */
  public Map<Long, List<MinuteUsage>> minutes() {
    long now = System.currentTimeMillis();
    var snapshots = snapshots().values();
    var minutes = new HashMap<Long, List<MinuteUsage>>();
    for (var policy : store.list()) {
      minutes.put(policy.id(), perMinute(policy, snapshots, now));
    }
    return minutes;
  }

  /** The instances' latest snapshots, this instance's as it is now. */
  private Map<String, UsageSnapshot> snapshots() {
    var snapshots = new HashMap<String, UsageSnapshot>();
    try {
      cache().values().forEach(s -> snapshots.put(s.instance(), s));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Other instances' rate-limit usage cannot be read now", e);
    }
    snapshots.put(identity.id(), snapshot());
    return snapshots;
  }

  private static List<MinuteUsage> perMinute(
      Policy policy, java.util.Collection<UsageSnapshot> snapshots, long now) {
    long nowMinute = now / 60_000;
    var allowed = new long[UsageTally.MINUTES];
    var refused = new long[UsageTally.MINUTES];
    for (var snapshot : snapshots) {
      for (var counts : snapshot.policies()) {
        if (counts.policyId() != policy.id()) {
          continue;
        }
        for (var minute : counts.minutes()) {
          long age = nowMinute - minute.minute();
          if (age >= 0 && age < UsageTally.MINUTES) {
            int slot = UsageTally.MINUTES - 1 - (int) age;
            allowed[slot] += minute.allowed();
            refused[slot] += minute.refused();
          }
        }
      }
    }
    var perMinute = new ArrayList<MinuteUsage>();
    for (int slot = 0; slot < UsageTally.MINUTES; slot++) {
      long minute = nowMinute - (UsageTally.MINUTES - 1 - slot);
      perMinute.add(
          new MinuteUsage(Instant.ofEpochMilli(minute * 60_000), allowed[slot], refused[slot]));
    }
    return perMinute;
  }

  private PolicyUsage usage(
      Policy policy, java.util.Collection<UsageSnapshot> snapshots, long now) {
    var partitions = new HashMap<String, Long>();
    for (var snapshot : snapshots) {
      for (var counts : snapshot.policies()) {
        if (counts.policyId() == policy.id()) {
          for (var partition : counts.top()) {
            partitions.merge(partition.partition(), partition.requests(), Long::sum);
          }
        }
      }
    }
    var perMinute = perMinute(policy, snapshots, now);
    long totalAllowed = perMinute.stream().mapToLong(MinuteUsage::allowed).sum();
    long totalRefused = perMinute.stream().mapToLong(MinuteUsage::refused).sum();
    var active = ActivePolicy.of(policy);
    var busiest =
        UsageTally.busiest(partitions, TOP).stream()
            .map(count -> standing(active, count, now))
            .toList();
    return new PolicyUsage(
        policy.id(),
        policy.name(),
        policy.quota(),
        policy.windowSeconds(),
        policy.mode(),
        policy.enabled(),
        totalAllowed,
        totalRefused,
        perMinute,
        busiest);
  }

  /** A partition's counter as it stands now (a zero-cost request changes nothing). */
  private PartitionUsage standing(ActivePolicy policy, PartitionCount count, long now) {
    var limit = policy.limit();
    var key = policy.key(count.partition());
    // this instance's own copy when it counts the partition in memory (local mode, or no cluster)
    var counter = local.peek(key);
    if (counter == null) {
      try {
        counter = counters.cache().get(key);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "A rate-limit counter cannot be read now", e);
      }
    }
    var outcome = Admission.outcome(limit, Admission.admit(limit, counter, now, 0), 0);
    var name = name(policy, count.partition());
    return new PartitionUsage(
        count.partition(),
        name.map(n -> n.user() ? n.name() : "client " + n.name())
            .orElse(
                policy.partitionBy().equals("client")
                    ? "client " + count.partition()
                    : count.partition()),
        name.filter(SubjectName::user).map(n -> count.partition()).orElse(null),
        count.requests(),
        Math.max(0, limit.quota() - outcome.remaining()),
        outcome.remaining(),
        RateLimitHeaders.seconds(outcome.resetMillis()));
  }

  /** A subject partition's user (or service account), when the users feature knows it. */
  private Optional<SubjectName> name(ActivePolicy policy, String partition) {
    if (!policy.partitionBy().equals("subject") || names.isUnsatisfied()) {
      return Optional.empty();
    }
    return names.get().of(partition);
  }

  private Cache<String, UsageSnapshot> cache() {
    return container.manager().getCache(CACHE);
  }

  @PreDestroy
  void stop() {
    var running = publishing;
    if (running != null) {
      running.cancel(false);
    }
  }
}
