package dev.backplane.api.problem.control;

/**
 * A request the platform refuses for a reason its domain knows, with the HTTP status that says so.
 * Control code throws one of the subclasses; the problem mappers answer it as problem details, with
 * the message as their {@code detail}, so the message is written for the caller.
 */
public abstract class RefusedException extends RuntimeException {

  protected RefusedException(String detail) {
    super(detail);
  }

  protected RefusedException(String detail, Throwable cause) {
    super(detail, cause);
  }

  /** The HTTP status of the answer. */
  public abstract int status();
}
