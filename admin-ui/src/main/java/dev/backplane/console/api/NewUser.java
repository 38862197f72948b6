package dev.backplane.console.api;

import java.util.List;

/** A user to create (POST /api/v1/users); the API checks every field. */
public record NewUser(
    String username,
    String email,
    String firstName,
    String lastName,
    boolean enabled,
    List<String> roles,
    String temporaryPassword) {}
