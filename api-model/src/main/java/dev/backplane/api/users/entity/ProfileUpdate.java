package dev.backplane.api.users.entity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

/** What every user may change of its own profile (PUT replaces it). */
public record ProfileUpdate(
    @Email(message = UserRules.EMAIL_MESSAGE)
        @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE)
        String email,
    @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE) String firstName,
    @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE) String lastName) {}
