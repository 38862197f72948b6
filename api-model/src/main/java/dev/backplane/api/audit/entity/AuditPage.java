package dev.backplane.api.audit.entity;

import java.util.List;

/** One page of the audit trail, newest first, and how many events match in all. */
public record AuditPage(List<AuditEntry> items, long total, int first, int max) {}
