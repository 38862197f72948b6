package dev.backplane.api.users.entity;

import jakarta.validation.constraints.NotNull;

/** Whether a user may log in. */
public record EnabledChange(@NotNull Boolean enabled) {}
