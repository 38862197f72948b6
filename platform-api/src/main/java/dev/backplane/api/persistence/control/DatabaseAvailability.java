package dev.backplane.api.persistence.control;

import dev.backplane.api.dependency.control.DependencyWatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether the platform's database answers, and its schema is migrated (a migration that failed, or
 * could not run at startup, is tried again from here). Code that needs the database calls {@link
 * #require()} first: while it is known to be unavailable, requests get a 503 at once instead of
 * each waiting for the connection timeouts.
 */
@ApplicationScoped
public class DatabaseAvailability extends DependencyWatch {

  /** Payara's words when every pooled connection stayed in use for the pool's whole wait. */
  static final String POOL_FULL = "In-use connections equal max-pool-size";

  @Inject SchemaMigration schema;

  void onStartup(@Observes Startup startup) {
    startWatching();
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public String affects() {
    return "the audit trail, user and policy changes and cache clearing answer 503";
  }

  @Override
  protected String probe() throws SQLException, Inconclusive {
    var state = schema.ensureMigrated();
    String product;
    try (var connection = schema.dataSource().getConnection()) {
      if (!connection.isValid(2)) {
        throw new SQLException("no answer within 2 s");
      }
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      if (poolFull(e)) {
        // every connection is in use (and so, answering): this says nothing of the database
        throw new Inconclusive("every pooled connection is in use");
      }
      throw new SQLException("no connection: " + rootMessage(e), e);
    }
    if (!state.migrated()) {
      throw new SQLException(state.problem());
    }
    return product + ", schema version " + state.version();
  }

  /** Throws a 503 (with Retry-After) when the database is known not to answer. */
  public void require() {
    if (!available()) {
      throw new DatabaseUnavailableException(
          "The database does not answer, so this cannot be done now; try again shortly.");
    }
  }

  /**
   * The 503 for a request whose database work failed; when it failed for a lost or timed-out
   * connection, the database is taken as unavailable at once, before the next probe says so.
   */
  public DatabaseUnavailableException unavailable(String detail, RuntimeException cause) {
    if (lostConnection(cause)) {
      failed("a request lost its connection: " + rootMessage(cause));
    }
    return new DatabaseUnavailableException(detail);
  }

  /**
   * A connection that broke, timed out or could not be opened (SQLState class 08: connection). Not
   * a pool whose connections were all in use for its whole wait: that is this instance busy (a
   * burst of writes queueing for one row's lock, say), not the database gone, and taking it for the
   * database gone turned every request of the instance into a 503 until the next probe (measured:
   * 895 of 1,000 writes refused at 100/s on a cold instance). A database that hangs is still found
   * by its probe and by the statements that time out on their connections.
   */
  static boolean lostConnection(Throwable failure) {
    if (poolFull(failure)) {
      return false;
    }
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof SQLTimeoutException
          || cause instanceof SocketTimeoutException
          || cause instanceof ResourceException
          || (cause instanceof SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("08"))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Whether the pool refused a connection because all of its connections stayed in use. */
  static boolean poolFull(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains(POOL_FULL)) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    var root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
