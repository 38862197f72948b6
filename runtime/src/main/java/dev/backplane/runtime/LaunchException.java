package dev.backplane.runtime;

/**
 * Something the person running Backplane must act on. Its message is one line that says what went
 * wrong and what to do; the launcher prints it instead of a stack trace.
 */
public class LaunchException extends RuntimeException {

  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
