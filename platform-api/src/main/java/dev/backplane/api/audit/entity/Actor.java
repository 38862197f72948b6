package dev.backplane.api.audit.entity;

/**
 * Who made a change, and in which request: the caller's user name (its subject when the token has
 * none) and the request id.
 */
public record Actor(String name, String requestId) {}
