package dev.backplane.api.persistence.control;

import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * A query that lost its connection fails at once, and its request answers 503: EclipseLink
 * otherwise tries it 3 more times, 5 s apart, and a request to a frozen database waited 20 s
 * instead of the connection timeouts' 4. The pool's connection validation replaces broken
 * connections, and the caller decides whether to try again (Retry-After).
 */
public class NoQueryRetries implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
      login.setQueryRetryAttemptCount(0);
      login.setDelayBetweenConnectionAttempts(0);
    }
  }
}
