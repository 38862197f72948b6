package dev.backplane.api.problem.control;

/** A request well formed and understood that cannot be done as it stands (422). */
public class UnprocessableContentException extends RefusedException {

  public UnprocessableContentException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 422;
  }
}
