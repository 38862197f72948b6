package dev.backplane.api.problem.control;

/** The caller's roles allow the request, but not on this target (403). */
public class NotPermittedException extends RefusedException {

  public NotPermittedException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 403;
  }
}
