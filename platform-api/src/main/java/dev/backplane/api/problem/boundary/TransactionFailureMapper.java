package dev.backplane.api.problem.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A transaction whose commit failed (the database went away or froze after the change was made):
 * 503 with {@code Retry-After}, and the change is not acknowledged. Any other transactional misuse
 * is our fault, a 500.
 */
@Provider
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

  private static final Logger LOG = Logger.getLogger(TransactionFailureMapper.class.getName());
  private static final long RETRY_AFTER_SECONDS = 5;

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(TransactionalException exception) {
    var cause = exception.getCause();
    boolean commitFailed =
        cause instanceof RollbackException
            || cause instanceof HeuristicMixedException
            || cause instanceof HeuristicRollbackException
            || cause instanceof SystemException;
    if (!commitFailed) {
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
}
