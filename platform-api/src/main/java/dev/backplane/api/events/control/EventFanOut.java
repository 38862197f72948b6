package dev.backplane.api.events.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.cluster.control.CachedFeature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;
import org.infinispan.context.Flag;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.event.CacheEntryCreatedEvent;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * Carries each committed event to every instance through a replicated cache ({@value #CACHE}, kept
 * a minute): each instance's listener hands it to the subscribers it serves. No broker: the cluster
 * the instances form already reaches them all. An event whose data is large travels without it
 * (subscribers read it from the log); one whose notice is lost (its instance died after the commit)
 * is found by the subscribers' catch-up, as any gap is.
 */
@ApplicationScoped
public class EventFanOut implements CachedFeature {

  private static final Logger LOG = Logger.getLogger(EventFanOut.class.getName());
  static final String CACHE = "events-recent";
  private static final int LARGE = 16 * 1024;

  @Inject CacheContainer container;
  @Inject EventHub hub;

  private volatile Cache<String, String> notices;

  @Override
  public SerializationContextInitializer schema() {
    return null;
  }

  @Override
  public void defineCaches(CacheDefinitions caches) {
    caches.replicated(CACHE).expiration().lifespan(1, TimeUnit.MINUTES).memory().maxCount(20_000);
  }

  void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventLog.Appended appended) {
    var event = appended.event();
    try {
      notices()
          .getAdvancedCache()
          .withFlags(Flag.IGNORE_RETURN_VALUES)
          .putAsync(
              event.stream() + "/" + event.id(),
              event.toJson(event.data() == null || event.data().length() <= LARGE));
    } catch (RuntimeException e) {
      // subscribers find the event by their catch-up
      LOG.log(Level.WARNING, "An event's notice could not be sent to the cluster", e);
    }
  }

  /** Starts listening when the container runs (the first subscriber, or the first event). */
  Cache<String, String> notices() {
    var cache = notices;
    if (cache == null) {
      synchronized (this) {
        cache = notices;
        if (cache == null) {
          cache = container.manager().getCache(CACHE);
          cache.addListener(new Notices());
          notices = cache;
        }
      }
    }
    return cache;
  }

  /** Every event's notice, on this instance, whichever instance committed it. */
  @Listener(sync = false, observation = Listener.Observation.POST)
  public class Notices {
    @CacheEntryCreated
    public void arrived(CacheEntryCreatedEvent<String, String> notice) {
      if (notice.getValue() != null) {
        var text = notice.getValue();
        hub.deliver(StoredEvent.fromJson(text), StoredEvent.whole(text));
      }
    }
  }
}
