package dev.backplane.api.users.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * A Keycloak user as Backplane shows it: its profile, whether it may log in, and the platform roles
 * it holds (other realm roles are not the platform's business).
 */
@JsonbPropertyOrder({
  "id",
  "username",
  "email",
  "firstName",
  "lastName",
  "enabled",
  "emailVerified",
  "createdAt",
  "roles"
})
@Proto
public record User(
    String id,
    String username,
    String email,
    String firstName,
    String lastName,
    boolean enabled,
    boolean emailVerified,
    Instant createdAt,
    List<String> roles) {

  public User withRoles(List<String> newRoles) {
    return new User(
        id,
        username,
        email,
        firstName,
        lastName,
        enabled,
        emailVerified,
        createdAt,
        List.copyOf(newRoles));
  }
}
