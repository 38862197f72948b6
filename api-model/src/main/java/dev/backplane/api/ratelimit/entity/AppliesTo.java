package dev.backplane.api.ratelimit.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The requests a policy counts: all of the given conditions hold (an empty or absent list puts no
 * condition).
 *
 * @param paths path patterns, such as {@code /api/v1/users/**}
 * @param methods HTTP methods
 * @param roles realm roles: the caller holds at least one
 * @param clients Keycloak clients ({@code azp}): the token was issued to one of them
 * @param callers {@code any} (the default), {@code authenticated} (with a valid token) or {@code
 *     anonymous} (without one)
 */
@JsonbPropertyOrder({"paths", "methods", "roles", "clients", "callers"})
public record AppliesTo(
    @Size(max = PolicyRules.LIST_MAX, message = PolicyRules.LIST_MESSAGE)
        List<
                @NotNull @Pattern(regexp = PolicyRules.PATH, message = PolicyRules.PATH_MESSAGE)
                String>
            paths,
    @Size(max = PolicyRules.LIST_MAX, message = PolicyRules.LIST_MESSAGE)
        List<
                @NotNull @Pattern(regexp = PolicyRules.METHOD, message = PolicyRules.METHOD_MESSAGE)
                String>
            methods,
    @Size(max = PolicyRules.LIST_MAX, message = PolicyRules.LIST_MESSAGE)
        List<
                @NotNull @Pattern(regexp = PolicyRules.ROLE, message = PolicyRules.ROLE_MESSAGE)
                String>
            roles,
    @Size(max = PolicyRules.LIST_MAX, message = PolicyRules.LIST_MESSAGE)
        List<
                @NotNull @Pattern(regexp = PolicyRules.CLIENT, message = PolicyRules.CLIENT_MESSAGE)
                String>
            clients,
    @Pattern(regexp = PolicyRules.CALLERS, message = PolicyRules.CALLERS_MESSAGE) String callers) {

  public static final AppliesTo EVERYTHING =
      new AppliesTo(List.of(), List.of(), List.of(), List.of(), "any");

  /** The same conditions, with every absent value at its default. */
  public AppliesTo normalized() {
    return new AppliesTo(
        paths == null ? List.of() : List.copyOf(paths),
        methods == null ? List.of() : List.copyOf(methods),
        roles == null ? List.of() : List.copyOf(roles),
        clients == null ? List.of() : List.copyOf(clients),
        callers == null ? "any" : callers);
  }
}
