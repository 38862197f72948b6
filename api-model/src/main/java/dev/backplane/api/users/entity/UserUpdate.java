package dev.backplane.api.users.entity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A user's profile as it shall be (PUT replaces it: an absent email or name is removed). The user
 * name cannot change; roles and passwords have their own requests.
 */
public record UserUpdate(
    @Email(message = UserRules.EMAIL_MESSAGE)
        @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE)
        String email,
    @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE) String firstName,
    @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE) String lastName,
    @NotNull(message = UserRules.REQUIRED_MESSAGE) Boolean enabled) {}
