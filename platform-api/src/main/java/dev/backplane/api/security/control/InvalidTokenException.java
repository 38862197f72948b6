package dev.backplane.api.security.control;

/** A bearer token that must be refused; the message says why, for the log (never the client). */
public class InvalidTokenException extends Exception {

  public InvalidTokenException(String reason) {
    super(reason);
  }

  public InvalidTokenException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
