package dev.backplane.console.api;

import java.util.List;

/** The caller as the API sees it (GET /api/v1/me). */
public record Me(String subject, String username, List<String> roles, String client) {}
