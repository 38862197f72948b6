package dev.backplane.api.jobs.entity;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it.
 *
 * @param input what the job was asked to do (a collection's name, a format)
 * @param result what it produced, once succeeded (counts, the files to download)
 * @param error the last attempt's error, after a failure (kept when a later attempt succeeds)
 * @param nextAttemptAt when a queued job is due (after a failure: the backoff's end)
 * @param history its attempts, oldest first: only when one job is asked for
 */
@JsonbPropertyOrder({
  "id",
  "type",
  "state",
  "input",
  "progress",
  "attempts",
  "maxAttempts",
  "error",
  "result",
  "createdBy",
  "createdAt",
  "updatedAt",
  "nextAttemptAt",
  "startedAt",
  "finishedAt",
  "history"
})
public record Job(
    String id,
    String type,
    JobState state,
    JsonObject input,
    JobProgress progress,
    int attempts,
    int maxAttempts,
    String error,
    JsonObject result,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    Instant nextAttemptAt,
    Instant startedAt,
    Instant finishedAt,
    List<JobAttempt> history) {}
