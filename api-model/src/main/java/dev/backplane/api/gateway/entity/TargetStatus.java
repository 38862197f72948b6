package dev.backplane.api.gateway.entity;

/**
 * A target as the instances see it now.
 *
 * @param instances how many instances reported on it
 * @param healthy on how many of them its health checks pass (all, without checks)
 * @param openCircuits on how many of them its circuit is open (or half-open)
 */
public record TargetStatus(String url, int weight, int instances, int healthy, int openCircuits) {}
