package dev.backplane.api.instance.entity;

import java.util.List;

/**
 * The cluster as this instance sees it: its name (instances of one cluster share it; absent for a
 * lone instance), the members in the order they joined (the first is the coordinator) and the
 * view's number, which grows with every change.
 */
public record ClusterView(String cluster, long viewId, String coordinator, List<String> members) {}
