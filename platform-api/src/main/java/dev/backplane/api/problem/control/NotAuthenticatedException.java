package dev.backplane.api.problem.control;

/** The request needs a caller, and came without a token (401, with a bearer challenge). */
public class NotAuthenticatedException extends RefusedException {

  public NotAuthenticatedException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 401;
  }
}
