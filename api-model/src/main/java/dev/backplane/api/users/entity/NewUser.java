package dev.backplane.api.users.entity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A user to create. Without {@code enabled} the user is enabled; without {@code roles} it has none;
 * a {@code temporaryPassword} must be changed at the first login.
 */
public record NewUser(
    @NotBlank(message = UserRules.REQUIRED_MESSAGE)
        @Pattern(regexp = UserRules.USERNAME, message = UserRules.USERNAME_MESSAGE)
        String username,
    @Email(message = UserRules.EMAIL_MESSAGE)
        @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE)
        String email,
    @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE) String firstName,
    @Size(max = UserRules.NAME_MAX, message = UserRules.NAME_MAX_MESSAGE) String lastName,
    Boolean enabled,
    List<@NotNull @Pattern(regexp = UserRules.ROLE, message = UserRules.ROLE_MESSAGE) String> roles,
    @Size(
            min = UserRules.PASSWORD_MIN,
            max = UserRules.PASSWORD_MAX,
            message = UserRules.PASSWORD_MESSAGE)
        String temporaryPassword) {

  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }

  public List<String> rolesOrNone() {
    return roles == null ? List.of() : List.copyOf(roles);
  }
}
