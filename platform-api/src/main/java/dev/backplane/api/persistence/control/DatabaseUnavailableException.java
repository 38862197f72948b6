package dev.backplane.api.persistence.control;

import dev.backplane.api.problem.control.UnavailableException;

/** The database is down or frozen, or did not answer in time: a 503 with {@code Retry-After}. */
public class DatabaseUnavailableException extends UnavailableException {

  /** About as long as the connection timeouts: a frozen database is probed again by then. */
  public static final long RETRY_AFTER_SECONDS = 5;

  public DatabaseUnavailableException(String detail) {
    super(detail, RETRY_AFTER_SECONDS);
  }
}
