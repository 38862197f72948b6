package dev.backplane.api.problem.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A transaction that could not be begun, committed or rolled back (the database went away or froze
 * while the change was made): 503 with {@code Retry-After}, and the change is not acknowledged.
 * Whatever the transaction manager threw for it (a rollback, a heuristic outcome, a system error,
 * an illegal state after a broken connection, the persistence provider's own failure while
 * flushing), the cause is the database. Only a method called outside the transaction its {@code
 * TxType} demands is our fault, a 500.
 */
@Provider
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

  private static final Logger LOG = Logger.getLogger(TransactionFailureMapper.class.getName());
  private static final long RETRY_AFTER_SECONDS = 5;

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(TransactionalException exception) {
    var cause = exception.getCause();
    if (misuse(cause)) {
      LOG.log(Level.SEVERE, "Transaction misused in " + request.getRequestURI(), exception);
      return ProblemResponses.of(Problems.of(500, null, request)).build();
    }
    LOG.log(Level.WARNING, "A transaction could not be committed: " + cause, exception);
    return ProblemResponses.of(
            Problems.of(
                503,
                "The change could not be committed to the database in time and is not acknowledged;"
                    + " try again shortly.",
                request))
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .build();
  }

  /** Whether a method ran outside the transaction its {@code TxType} demands. */
  static boolean misuse(Throwable cause) {
    return cause instanceof InvalidTransactionException
        || cause instanceof TransactionRequiredException;
  }
}
