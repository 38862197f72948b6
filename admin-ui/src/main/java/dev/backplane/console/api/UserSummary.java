package dev.backplane.console.api;

import java.time.Instant;

/** A user in a list (GET /api/v1/users). */
public record UserSummary(
    String id,
    String username,
    String email,
    String firstName,
    String lastName,
    boolean enabled,
    Instant createdAt) {}
