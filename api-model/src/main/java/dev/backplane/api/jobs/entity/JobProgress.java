package dev.backplane.api.jobs.entity;

/**
 * How far a job has come: units of work done (records, lines, deliveries) out of a total, which is
 * absent until the job knows it.
 */
public record JobProgress(long done, Long total) {}
