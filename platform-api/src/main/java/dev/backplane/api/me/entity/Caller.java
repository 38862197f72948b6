package dev.backplane.api.me.entity;

import java.util.List;

/** Who is calling: taken from the verified access token. */
public record Caller(String subject, String username, List<String> roles, String client) {}
