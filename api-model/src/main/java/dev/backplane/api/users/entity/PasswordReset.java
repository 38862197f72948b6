package dev.backplane.api.users.entity;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A temporary password: the user must change it at the next login. */
public record PasswordReset(
    @NotNull(message = UserRules.REQUIRED_MESSAGE)
        @Size(
            min = UserRules.PASSWORD_MIN,
            max = UserRules.PASSWORD_MAX,
            message = UserRules.PASSWORD_MESSAGE)
        String temporaryPassword) {}
