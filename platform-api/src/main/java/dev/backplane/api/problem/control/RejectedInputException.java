package dev.backplane.api.problem.control;

/** The input is refused by a rule that is not a single field's, e.g. one of Keycloak's (400). */
public class RejectedInputException extends RefusedException {

  public RejectedInputException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 400;
  }
}
