package dev.backplane.api.gateway.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.cluster.control.InstanceIdentity;
import dev.backplane.api.gateway.entity.Route;
import dev.backplane.api.gateway.entity.RouteMinute;
import dev.backplane.api.gateway.entity.RouteStatus;
import dev.backplane.api.gateway.entity.TargetStatus;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.infinispan.Cache;

/**
 * Each route's requests, errors and latency per minute on this instance (HdrHistogram: recording is
 * wait-free on the request path), folded every {@value #PUBLISH_SECONDS} s and published with the
 * targets' health and circuits to the cluster, so that any instance reports the whole cluster's
 * last {@value #MINUTES} minutes. Also a Prometheus counter per route and status class ({@code
 * backplane_gateway_requests_total}).
 */
@ApplicationScoped
public class RouteStatistics {

  private static final Logger LOG = Logger.getLogger(RouteStatistics.class.getName());
  static final String CACHE = "gateway-statistics";
  static final int PUBLISH_SECONDS = 5;
  static final int MINUTES = 15;
  private static final String METRIC = "backplane_gateway_requests";

  /** Latencies in microseconds, two significant digits (a few KB per minute and route). */
  private static final int DIGITS = 2;

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject CacheContainer container;
  @Inject InstanceIdentity identity;
  @Inject RouteCatalog catalog;
  @Inject RouteStore store;
  @Inject MetricRegistry metrics;

  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> publishing;

  /** One route's figures on this instance. */
  private static final class Tally {
    final Recorder latencies = new Recorder(DIGITS);
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();

    /** Folded minutes by epoch minute; only the publishing thread touches them. */
    final TreeMap<Long, Minute> minutes = new TreeMap<>();
  }

  private record Minute(Histogram latencies, long requests, long errors) {}

  void onStartup(@Observes Startup startup) {
    publishing =
        scheduler.scheduleAtFixedRate(
            this::publish, PUBLISH_SECONDS, PUBLISH_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (publishing != null) {
      publishing.cancel(false);
    }
  }

  /** A request the route matched, answered with this status after this long (to its headers). */
  public void record(String route, int status, long nanos) {
    var tally = tallies.computeIfAbsent(route, name -> new Tally());
    tally.requests.increment();
    if (status >= 500) {
      tally.errors.increment();
    }
    tally.latencies.recordValue(Math.max(0, nanos / 1000));
    counters
        .computeIfAbsent(route + "|" + status / 100, key -> metric(route, status / 100 + "xx"))
        .inc();
  }

  private Counter metric(String route, String statusClass) {
    return metrics.counter(
        Metadata.builder()
            .withName(METRIC)
            .withDescription("Requests a gateway route matched, by the class of their answer")
            .build(),
        new Tag("route", route),
        new Tag("status", statusClass));
  }

  /** Folds what was recorded since into the current minute and drops minutes too old. */
  private synchronized void fold(long now) {
    long minute = now / 60_000;
    for (var tally : tallies.values()) {
      var interval = tally.latencies.getIntervalHistogram();
      long requests = tally.requests.sumThenReset();
      long errors = tally.errors.sumThenReset();
      if (requests > 0) {
        var known = tally.minutes.get(minute);
        var histogram = known == null ? new Histogram(DIGITS) : known.latencies();
        histogram.add(interval);
        tally.minutes.put(
            minute,
            new Minute(
                histogram,
                requests + (known == null ? 0 : known.requests()),
                errors + (known == null ? 0 : known.errors())));
      }
      tally.minutes.headMap(minute - MINUTES, true).clear();
    }
  }

  private void publish() {
    try {
      cache().put(identity.id(), snapshot(System.currentTimeMillis()));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Gateway statistics not published now", e);
    }
  }

  /** This instance's minutes and targets as JSON (strings travel without a schema of their own). */
  private synchronized String snapshot(long now) {
    fold(now);
    var routes = Json.createObjectBuilder();
    for (var route : catalog.current()) {
      var minutes = Json.createArrayBuilder();
      var tally = tallies.get(route.name());
      if (tally != null) {
        tally.minutes.forEach(
            (minute, figures) -> {
              var buffer = ByteBuffer.allocate(figures.latencies().getNeededByteBufferCapacity());
              int length = figures.latencies().encodeIntoCompressedByteBuffer(buffer);
              minutes.add(
                  Json.createObjectBuilder()
                      .add("minute", minute)
                      .add("requests", figures.requests())
                      .add("errors", figures.errors())
                      .add(
                          "latencies",
                          Base64.getEncoder()
                              .encodeToString(java.util.Arrays.copyOf(buffer.array(), length))));
            });
      }
      var targets = Json.createArrayBuilder();
      for (var target : route.states()) {
        targets.add(
            Json.createObjectBuilder()
                .add("url", target.url())
                .add("healthy", target.healthy())
                .add("circuit", target.circuit()));
      }
      routes.add(
          route.name(), Json.createObjectBuilder().add("minutes", minutes).add("targets", targets));
    }
    return Json.createObjectBuilder()
        .add("instance", identity.id())
        .add("routes", routes)
        .build()
        .toString();
  }

  /** Every route's last {@value #MINUTES} minutes across the cluster, this instance's as of now. */
  public List<RouteStatus> report() {
    long now = System.currentTimeMillis();
    var snapshots = new HashMap<String, JsonObject>();
    try {
      cache().values().forEach(text -> remember(snapshots, text));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Other instances' gateway statistics cannot be read now", e);
    }
    remember(snapshots, snapshot(now));
    var statuses = new ArrayList<RouteStatus>();
    for (var route : store.list()) {
      statuses.add(status(route, snapshots.values(), now / 60_000));
    }
    return statuses;
  }

  private static void remember(Map<String, JsonObject> snapshots, String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      var snapshot = reader.readObject();
      snapshots.put(snapshot.getString("instance"), snapshot);
    }
  }

  private static RouteStatus status(
      Route route, java.util.Collection<JsonObject> snapshots, long nowMinute) {
    var total = new Histogram(DIGITS);
    var perMinute = new TreeMap<Long, Minute>();
    for (long m = nowMinute - MINUTES + 1; m <= nowMinute; m++) {
      perMinute.put(m, new Minute(new Histogram(DIGITS), 0, 0));
    }
    var targets = new java.util.LinkedHashMap<String, int[]>();
    route.spec().targets().forEach(target -> targets.put(target.url(), new int[3]));
    int instances = 0;
    for (var snapshot : snapshots) {
      var figures = snapshot.getJsonObject("routes").getJsonObject(route.name());
      if (figures == null) {
        continue;
      }
      instances++;
      for (JsonValue value : figures.getJsonArray("minutes")) {
        var minute = value.asJsonObject();
        var known = perMinute.get(minute.getJsonNumber("minute").longValue());
        if (known == null) {
          continue;
        }
        var latencies = decode(minute.getString("latencies"));
        known.latencies().add(latencies);
        total.add(latencies);
        perMinute.put(
            minute.getJsonNumber("minute").longValue(),
            new Minute(
                known.latencies(),
                known.requests() + minute.getJsonNumber("requests").longValue(),
                known.errors() + minute.getJsonNumber("errors").longValue()));
      }
      for (JsonValue value : figures.getJsonArray("targets")) {
        var target = value.asJsonObject();
        var counts = targets.get(target.getString("url"));
        if (counts != null) {
          counts[0]++;
          counts[1] += target.getBoolean("healthy") ? 1 : 0;
          counts[2] += target.getString("circuit").equals("closed") ? 0 : 1;
        }
      }
    }
    var minutes = new ArrayList<RouteMinute>();
    long requests = 0;
    long errors = 0;
    for (var entry : perMinute.entrySet()) {
      var figures = entry.getValue();
      requests += figures.requests();
      errors += figures.errors();
      minutes.add(
          new RouteMinute(
              Instant.ofEpochSecond(entry.getKey() * 60),
              figures.requests(),
              figures.errors(),
              millis(figures.latencies(), 99)));
    }
    var targetStatuses = new ArrayList<TargetStatus>();
    for (var target : route.spec().targets()) {
      var counts = targets.get(target.url());
      targetStatuses.add(
          new TargetStatus(
              target.url(), target.weightOrDefault(), counts[0], counts[1], counts[2]));
    }
    return new RouteStatus(
        route.name(),
        route.spec().prefix(),
        route.spec().enabled(),
        instances,
        requests,
        errors,
        millis(total, 50),
        millis(total, 99),
        targetStatuses,
        minutes);
  }

  private static Double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? null
        : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  private static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException e) {
      throw new IllegalStateException("An instance published an unreadable histogram", e);
    }
  }

  private Cache<String, String> cache() {
    return container.manager().getCache(CACHE);
  }
}
