package dev.backplane.api.users.entity;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** The platform roles a user shall hold, all of them (an empty list removes every one). */
public record RoleAssignment(
    @NotNull
        List<@NotNull @Pattern(regexp = UserRules.ROLE, message = UserRules.ROLE_MESSAGE) String>
            roles) {}
