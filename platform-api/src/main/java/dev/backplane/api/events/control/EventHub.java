package dev.backplane.api.events.control;

import dev.backplane.api.problem.control.TooManyRequestsException;
import dev.backplane.api.problem.control.UnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The subscribers this instance serves: each event's notice goes to those following its stream.
 * Their number is bounded ({@code backplane.events.max-subscribers}), and so is each caller's
 * ({@code backplane.events.max-per-caller}, by token subject: anonymous subscribers only count
 * against the instance's bound) and each one's backlog ({@code
 * backplane.events.subscriber-buffer}). A subscriber's stream ends when its token expires.
 */
@ApplicationScoped
public class EventHub {

  @Inject EventLog log;
  @Inject EventFanOut fanOut;

  @Inject
  @ConfigProperty(name = "backplane.events.max-subscribers")
  int maxSubscribers;

  @Inject
  @ConfigProperty(name = "backplane.events.max-per-caller")
  int maxPerCaller;

  @Inject
  @ConfigProperty(name = "backplane.events.subscriber-buffer")
  int buffer;

  @Inject
  @ConfigProperty(name = "backplane.events.heartbeat-ms")
  long heartbeatMillis;

  @Inject
  @ConfigProperty(name = "backplane.events.hole-wait-ms")
  long holeWaitMillis;

  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();

  /**
   * Starts sending a subscriber the events of its topics it may read, after the positions it gives
   * (its Last-Event-ID), from the streams' ends for the others.
   *
   * @param caller the subscriber's token subject, or null when anonymous
   * @param until when its token expires (the stream ends then), or null when anonymous
   * @throws UnavailableException when this instance serves as many subscribers as it may
   * @throws TooManyRequestsException when the caller has as many streams open here as it may
   */
  public void subscribe(
      Map<String, Predicate<StoredEvent>> readers,
      Map<String, Long> resumeAfter,
      EventSink sink,
      String caller,
      Instant until) {
    if (open.incrementAndGet() > maxSubscribers) {
      open.decrementAndGet();
      throw new UnavailableException(
          "This instance serves as many event subscribers as it may; try again shortly.", 5);
    }
    if (caller != null && !takeCallerSlot(caller)) {
      open.decrementAndGet();
      throw new TooManyRequestsException(
          "You have "
              + maxPerCaller
              + " event streams open on this instance, as many as one caller may; close one"
              + " first.",
          heartbeatMillis / 1000);
    }
    Runnable release =
        () -> {
          open.decrementAndGet();
          if (caller != null) {
            perCaller.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
          }
        };
    var subscription =
        new Subscription(log, sink, readers, buffer, heartbeatMillis, holeWaitMillis, until);
    var from = new LinkedHashMap<String, Long>();
    try {
      fanOut.notices();
      // listening first, then reading where the streams end: no event falls between the two
      subscriptions.add(subscription);
      for (var stream : readers.keySet()) {
        from.put(
            stream, resumeAfter.containsKey(stream) ? resumeAfter.get(stream) : log.last(stream));
      }
    } catch (RuntimeException e) {
      subscriptions.remove(subscription);
      release.run();
      throw e;
    }
    Thread.ofVirtual()
        .name("backplane-events-subscriber")
        .start(
            () ->
                subscription.run(
                    from,
                    () -> {
                      subscriptions.remove(subscription);
                      release.run();
                    }));
  }

  /** Counts one more stream of the caller's, unless it has as many as it may. */
  private boolean takeCallerSlot(String caller) {
    var taken = new boolean[1];
    perCaller.compute(
        caller,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (now >= maxPerCaller) {
            return n;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  /** How many subscribers this instance serves now. */
  public int subscribers() {
    return subscriptions.size();
  }

  void deliver(StoredEvent event, boolean whole) {
    for (var subscription : subscriptions) {
      if (subscription.follows(event.stream())) {
        subscription.offer(event, whole);
      }
    }
  }

  @PreDestroy
  void closeAll() {
    subscriptions.forEach(Subscription::close);
  }
}
