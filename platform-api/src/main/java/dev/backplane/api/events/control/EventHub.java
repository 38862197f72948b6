package dev.backplane.api.events.control;

import dev.backplane.api.problem.control.UnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The subscribers this instance serves: each event's notice goes to those following its stream.
 * Their number is bounded ({@code backplane.events.max-subscribers}), as is each one's backlog
 * ({@code backplane.events.subscriber-buffer}).
 */
@ApplicationScoped
public class EventHub {

  @Inject EventLog log;
  @Inject EventFanOut fanOut;

  @Inject
  @ConfigProperty(name = "backplane.events.max-subscribers")
  int maxSubscribers;

  @Inject
  @ConfigProperty(name = "backplane.events.subscriber-buffer")
  int buffer;

  @Inject
  @ConfigProperty(name = "backplane.events.heartbeat-ms")
  long heartbeatMillis;

  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

  /**
   * Starts sending a subscriber the events of its topics it may read, after the positions it gives
   * (its Last-Event-ID), from the streams' ends for the others.
   *
   * @throws UnavailableException when this instance serves as many subscribers as it may
   */
  public void subscribe(
      Map<String, Predicate<StoredEvent>> readers, Map<String, Long> resumeAfter, EventSink sink) {
    if (subscriptions.size() >= maxSubscribers) {
      throw new UnavailableException(
          "This instance serves as many event subscribers as it may; try again shortly.", 5);
    }
    fanOut.notices();
    var subscription = new Subscription(log, sink, readers, buffer, heartbeatMillis);
    // listening first, then reading where the streams end: no event falls between the two
    subscriptions.add(subscription);
    var from = new LinkedHashMap<String, Long>();
    try {
      for (var stream : readers.keySet()) {
        from.put(
            stream, resumeAfter.containsKey(stream) ? resumeAfter.get(stream) : log.last(stream));
      }
    } catch (RuntimeException e) {
      subscriptions.remove(subscription);
      throw e;
    }
    Thread.ofVirtual()
        .name("backplane-events-subscriber")
        .start(() -> subscription.run(from, () -> subscriptions.remove(subscription)));
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
