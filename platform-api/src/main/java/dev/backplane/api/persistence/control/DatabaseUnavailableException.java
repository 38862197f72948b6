package dev.backplane.api.persistence.control;

import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The database is down or frozen, or did not answer in time: a 503 with {@code Retry-After}. */
public class DatabaseUnavailableException extends ServiceUnavailableException {

  /** About as long as the connection timeouts: a frozen database is probed again by then. */
  public static final long RETRY_AFTER_SECONDS = 5;

  public DatabaseUnavailableException(String detail) {
    super(
        detail,
        Response.status(Response.Status.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
            .build());
  }
}
