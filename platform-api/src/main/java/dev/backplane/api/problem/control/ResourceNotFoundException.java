package dev.backplane.api.problem.control;

/** What the request names does not exist (404). */
public class ResourceNotFoundException extends RefusedException {

  public ResourceNotFoundException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 404;
  }
}
