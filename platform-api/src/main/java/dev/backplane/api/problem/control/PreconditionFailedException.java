package dev.backplane.api.problem.control;

/** The request's condition ({@code If-Match}) does not hold for the resource as it is now (412). */
public class PreconditionFailedException extends RefusedException {

  public PreconditionFailedException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 412;
  }
}
