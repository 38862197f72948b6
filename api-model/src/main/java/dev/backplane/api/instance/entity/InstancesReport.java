package dev.backplane.api.instance.entity;

import java.util.List;

/** Every instance of the cluster with its latest heartbeat, and the cluster view. */
public record InstancesReport(ClusterView view, List<InstanceStatus> instances) {}
