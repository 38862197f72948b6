package dev.backplane.api.security.entity;

import java.time.Instant;
import java.util.Set;

/**
 * An access token whose signature, issuer, audience and lifetime have been checked: who is calling,
 * through which client, with which realm roles, until when.
 */
public record VerifiedToken(
    String subject, String username, String client, Set<String> groups, Instant expiresAt) {}
