package dev.backplane.api.me.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** Who is calling: taken from the verified access token. */
@JsonbPropertyOrder({"subject", "username", "roles", "client"})
public record Caller(String subject, String username, List<String> roles, String client) {}
