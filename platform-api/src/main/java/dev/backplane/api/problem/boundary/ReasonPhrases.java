package dev.backplane.api.problem.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Teaches Payara's HTTP layer (Grizzly) the reason phrases it lacks: it knows no 422, 428 or 429
 * and writes "429 CUSTOM" on the status line. The servlet API can no longer set a reason phrase, so
 * the statuses the API answers are added to Grizzly's own table once, at start. Should a later
 * Grizzly change that table's shape, the status lines keep their old phrase and nothing else
 * changes.
 */
@WebListener
public class ReasonPhrases implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(ReasonPhrases.class.getName());
  private static final String GRIZZLY_STATUS = "org.glassfish.grizzly.http.util.HttpStatus";
  private static final Map<Integer, String> MISSING =
      Map.of(
          422, "Unprocessable Content",
          428, "Precondition Required",
          429, "Too Many Requests");

  @Override
  public void contextInitialized(ServletContextEvent event) {
    try {
      var status =
          Class.forName(GRIZZLY_STATUS, false, Thread.currentThread().getContextClassLoader());
      var known = status.getMethod("getHttpStatus", int.class);
      var reason = status.getMethod("getReasonPhrase");
      Method register = status.getDeclaredMethod("register", int.class, String.class);
      register.setAccessible(true);
      for (var missing : MISSING.entrySet()) {
        register(known, reason, register, missing.getKey(), missing.getValue());
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.INFO, "Cannot add reason phrases to the HTTP layer: " + e, e);
    }
  }

  private static void register(Method known, Method reason, Method register, int code, String text)
      throws ReflectiveOperationException {
    if ("CUSTOM".equals(reason.invoke(known.invoke(null, code)))) {
      register.invoke(null, code, text);
    }
  }
}
