package dev.backplane.api.audit.entity;

import java.time.Instant;

/** Filters of the audit trail; an absent one matches everything. */
public record AuditQuery(
    String actor, String action, String targetType, String targetId, Instant from, Instant to) {}
