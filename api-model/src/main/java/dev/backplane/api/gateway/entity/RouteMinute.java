package dev.backplane.api.gateway.entity;

import java.time.Instant;

/**
 * One minute of a route's traffic across the cluster.
 *
 * @param p99Ms null without requests
 */
public record RouteMinute(Instant minute, long requests, long errors, Double p99Ms) {}
