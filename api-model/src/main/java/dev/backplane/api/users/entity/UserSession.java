package dev.backplane.api.users.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A user's session at Keycloak: where it signed in from, when, its last activity and the clients
 * (applications) it holds tokens of.
 */
@JsonbPropertyOrder({"id", "ipAddress", "started", "lastAccess", "clients"})
public record UserSession(
    String id, String ipAddress, Instant started, Instant lastAccess, List<String> clients) {}
