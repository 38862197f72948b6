package dev.backplane.api.users.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A user in a list: its profile without its roles (read one user for those). */
@JsonbPropertyOrder({"id", "username", "email", "firstName", "lastName", "enabled", "createdAt"})
public record UserSummary(
    String id,
    String username,
    String email,
    String firstName,
    String lastName,
    boolean enabled,
    Instant createdAt) {}
