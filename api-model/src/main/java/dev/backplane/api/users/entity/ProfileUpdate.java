package dev.backplane.api.users.entity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

/** What every user may change of its own profile (PUT replaces it). */
public record ProfileUpdate(
    @Email @Size(max = UserRules.NAME_MAX) String email,
    @Size(max = UserRules.NAME_MAX) String firstName,
    @Size(max = UserRules.NAME_MAX) String lastName) {}
