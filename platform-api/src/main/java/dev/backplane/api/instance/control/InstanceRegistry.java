package dev.backplane.api.instance.control;

import dev.backplane.api.cluster.control.CacheContainer;
import dev.backplane.api.cluster.control.InstanceIdentity;
import dev.backplane.api.instance.entity.ClusterView;
import dev.backplane.api.instance.entity.InstanceSample;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import dev.backplane.api.instance.entity.InstanceStatus;
import dev.backplane.api.instance.entity.InstancesReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.infinispan.Cache;
import org.infinispan.factories.GlobalComponentRegistry;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.infinispan.remoting.transport.Transport;

/**
 * The instances of the cluster as their heartbeats describe them, kept in two replicated caches:
 * {@code instances} (the latest heartbeat of each, gone 15 s after it) and {@code instance-history}
 * (every heartbeat of the last 15 minutes). An instance that leaves the cluster view, even by
 * crashing, is removed from {@code instances} as soon as the view changes.
 */
@ApplicationScoped
public class InstanceRegistry {

  private static final Logger LOG = Logger.getLogger(InstanceRegistry.class.getName());
  private static final String AT = "@";

  @Inject CacheContainer container;
  @Inject InstanceIdentity identity;

  private Cache<String, InstanceSnapshot> snapshots() {
    return container.manager().getCache(InstanceCaches.LATEST);
  }

  private Cache<String, InstanceSample> history() {
    return container.manager().getCache(InstanceCaches.HISTORY);
  }

  /** Starts removing the heartbeats of instances that leave the cluster view. */
  public void watchView() {
    container.manager().addListener(new ViewWatcher());
  }

  public void publish(InstanceSnapshot snapshot) {
    // how long each is kept is infinispan.xml's (expiration of instances, instance-history)
    snapshots().put(snapshot.id(), snapshot);
    history()
        .put(snapshot.id() + AT + snapshot.takenAt().toEpochMilli(), InstanceSample.of(snapshot));
  }

  /** Removes this instance's heartbeat as it leaves; its history stays until it expires. */
  public void withdraw(String id) {
    snapshots().remove(id);
  }

  /** Every instance: members of the view and instances with a recent heartbeat. */
  public InstancesReport report(boolean withHistory) {
    var view = view();
    var latest = new HashMap<>(snapshots());
    var ids = new LinkedHashSet<>(view.members());
    latest.keySet().stream().sorted().forEach(ids::add);
    var histories = withHistory ? histories() : Map.<String, List<InstanceSample>>of();
    var instances = new ArrayList<InstanceStatus>();
    for (var id : ids) {
      boolean member = view.members().contains(id);
      var snapshot = latest.get(id);
      instances.add(
          new InstanceStatus(
              id,
              status(member, snapshot),
              member,
              snapshot,
              withHistory ? histories.getOrDefault(id, List.of()) : null));
    }
    instances.sort(Comparator.comparing(InstanceStatus::id));
    return new InstancesReport(view, instances);
  }

  /** One instance with its history, if it is a member or heartbeats still. */
  public Optional<InstanceStatus> one(String id) {
    return report(false).instances().stream()
        .filter(instance -> instance.id().equals(id))
        .findFirst()
        .map(
            instance ->
                new InstanceStatus(
                    instance.id(),
                    instance.status(),
                    instance.member(),
                    instance.snapshot(),
                    histories().getOrDefault(id, List.of())));
  }

  /** The latest heartbeat of every instance. */
  public List<InstanceSnapshot> snapshotsNow() {
    return List.copyOf(snapshots().values());
  }

  private static String status(boolean member, InstanceSnapshot snapshot) {
    if (snapshot == null) {
      return "STARTING";
    }
    return member ? snapshot.state() : InstanceSnapshot.DOWN;
  }

  private ClusterView view() {
    var manager = container.manager();
    var members = manager.getMembers();
    if (members == null) {
      return new ClusterView(null, 1, identity.id(), List.of(identity.id()));
    }
    var names = members.stream().map(Object::toString).toList();
    return new ClusterView(
        manager.getClusterName(),
        GlobalComponentRegistry.componentOf(manager, Transport.class).getViewId(),
        String.valueOf(manager.getCoordinator()),
        names);
  }

  private Map<String, List<InstanceSample>> histories() {
    var byInstance = new HashMap<String, List<InstanceSample>>();
    history()
        .forEach(
            (key, sample) ->
                byInstance
                    .computeIfAbsent(key.substring(0, key.lastIndexOf(AT)), k -> new ArrayList<>())
                    .add(sample));
    byInstance.values().forEach(samples -> samples.sort(Comparator.comparing(InstanceSample::at)));
    return byInstance;
  }

  @Listener(sync = false)
  public class ViewWatcher {
    @ViewChanged
    public void viewChanged(ViewChangedEvent event) {
      var members = event.getNewMembers().stream().map(Object::toString).toList();
      var left = event.getOldMembers().stream().map(Object::toString).toList();
      for (var id : left) {
        if (!members.contains(id)) {
          LOG.info(() -> id + " left the cluster; members now " + members);
          snapshots().remove(id);
        }
      }
    }
  }
}
