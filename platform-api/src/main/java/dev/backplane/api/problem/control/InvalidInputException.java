package dev.backplane.api.problem.control;

import dev.backplane.api.problem.entity.FieldViolation;
import java.util.List;

/**
 * Input that passed each field's own rule but not a rule between fields (answered 400 with the same
 * field errors as Bean Validation's).
 */
public class InvalidInputException extends RuntimeException {

  private final transient List<FieldViolation> violations;

  public InvalidInputException(List<FieldViolation> violations) {
    super(violations.size() + " input values are invalid");
    this.violations = List.copyOf(violations);
  }

  public List<FieldViolation> violations() {
    return violations;
  }
}
