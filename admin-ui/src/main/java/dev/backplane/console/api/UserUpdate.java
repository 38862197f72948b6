package dev.backplane.console.api;

/** A user's profile as it shall be (PUT /api/v1/users/{id}). */
public record UserUpdate(String email, String firstName, String lastName, boolean enabled) {}
