package dev.backplane.api.gateway.entity;

import java.util.List;

/**
 * A route's traffic over the last 15 minutes across the cluster, and its targets as the instances
 * see them now.
 *
 * @param instances how many instances reported
 * @param requests requests that matched the route (refused ones included)
 * @param errors answers of status 500 or more (the targets' and the gateway's own)
 * @param p50Ms the median time from the request to the answer's headers; null without requests
 * @param p99Ms its 99th percentile; null without requests
 * @param minutes the last 15 minutes, oldest first
 */
public record RouteStatus(
    String name,
    String prefix,
    boolean enabled,
    int instances,
    long requests,
    long errors,
    Double p50Ms,
    Double p99Ms,
    List<TargetStatus> targets,
    List<RouteMinute> minutes) {}
