package dev.backplane.console.api;

import java.time.Instant;
import java.util.List;

/** One user with its platform roles (GET /api/v1/users/{id}). */
public record User(
    String id,
    String username,
    String email,
    String firstName,
    String lastName,
    boolean enabled,
    boolean emailVerified,
    Instant createdAt,
    List<String> roles) {}
