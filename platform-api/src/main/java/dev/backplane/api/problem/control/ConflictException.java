package dev.backplane.api.problem.control;

import java.util.Optional;

/**
 * The request conflicts with what exists, e.g. a name already taken (409). When one input field
 * causes it, the problem names that field, as a validation problem does, so a form shows the
 * conflict under it.
 */
public class ConflictException extends RefusedException {

  private final String field;
  private final String fieldMessage;

  public ConflictException(String detail) {
    this(detail, null, null);
  }

  /**
   * @param field the input field whose value conflicts, e.g. "username"
   * @param fieldMessage what is wrong with its value, worded as a validation message ("is taken")
   */
  public ConflictException(String detail, String field, String fieldMessage) {
    super(detail);
    this.field = field;
    this.fieldMessage = fieldMessage;
  }

  /** The conflicting field and what is wrong with its value, when one field causes it. */
  public Optional<Violation> violation() {
    return field == null ? Optional.empty() : Optional.of(new Violation(field, fieldMessage));
  }

  /** One field's conflict. */
  public record Violation(String field, String message) {}

  @Override
  public int status() {
    return 409;
  }
}
