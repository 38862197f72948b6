package dev.backplane.api.instance.entity;

import java.util.List;

/**
 * The cluster as this instance sees it: the members in the order they joined (the first is the
 * coordinator) and the view's number, which grows with every change.
 */
public record ClusterView(long viewId, String coordinator, List<String> members) {}
