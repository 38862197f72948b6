package dev.backplane.api.users.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.infinispan.protostream.annotations.Proto;

/** A user in a list: its profile without its roles (read one user for those). */
@JsonbPropertyOrder({"id", "username", "email", "firstName", "lastName", "enabled", "createdAt"})
@Proto
public record UserSummary(
    String id,
    String username,
    String email,
    String firstName,
    String lastName,
    boolean enabled,
    Instant createdAt) {}
