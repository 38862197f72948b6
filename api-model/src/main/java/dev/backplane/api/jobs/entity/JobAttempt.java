package dev.backplane.api.jobs.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * One attempt at a job: the instance that ran it, when, and how it ended ({@code running} while it
 * runs; {@code lost} when its instance stopped before it ended and another took the job over).
 */
@JsonbPropertyOrder({"number", "instanceId", "startedAt", "finishedAt", "outcome", "error"})
public record JobAttempt(
    int number,
    String instanceId,
    Instant startedAt,
    Instant finishedAt,
    String outcome,
    String error) {}
