package dev.backplane.api.gateway.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * A stored gateway route, as the API answers it: its definition with every default filled in.
 *
 * @param spec the route (see {@link RouteSpec} for its fields)
 */
@JsonbPropertyOrder({"name", "spec", "createdAt", "updatedAt"})
public record Route(String name, RouteSpec spec, Instant createdAt, Instant updatedAt) {}
