package dev.backplane.api.problem.control;

/** The request conflicts with what exists, e.g. a name already taken (409). */
public class ConflictException extends RefusedException {

  public ConflictException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 409;
  }
}
