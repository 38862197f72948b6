package dev.backplane.api.persistence.control;

import dev.backplane.api.persistence.entity.SchemaState;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the database schema up to date with Flyway at startup. When the database is not reachable
 * yet, the instance still starts but is not ready; readiness checks retry, at most every few
 * seconds, until the migration has run. Concurrent instances are safe: Flyway locks its history.
 */
@DataSourceDefinition(
    name = SchemaMigration.DATASOURCE,
    className = "${MPCONFIG=backplane.db.datasource-class}",
    url = "${MPCONFIG=backplane.db.url}",
    user = "${MPCONFIG=backplane.db.user}",
    password = "${MPCONFIG=backplane.db.password}",
    minPoolSize = 2,
    maxPoolSize = 30,
    maxIdleTime = 300,
    // A database that is down or frozen costs a request a bounded time, never a hang: at most
    // 2 s waiting for a pooled connection, 5 s to open one (a JVM still warming up on a busy
    // machine took more than 2 s for its first), and 4 s for any answer (PostgreSQL ends a
    // statement itself after 3 s). A connection closed by a timeout is dropped, not reused.
    // Properties a driver does not know (H2 knows only loginTimeout) are ignored.
    loginTimeout = 5,
    properties = {
      "fish.payara.max-wait-time-in-millis=2000",
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=meta-data",
      "connectTimeout=5",
      "socketTimeout=4",
      "options=-c statement_timeout=3000"
    })
@ApplicationScoped
public class SchemaMigration {

  public static final String DATASOURCE = "java:app/jdbc/backplane";
  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  @Resource(lookup = DATASOURCE)
  DataSource dataSource;

  private SchemaState state = SchemaState.notYet();
  private Instant lastAttempt = Instant.MIN;

  void onStartup(@Observes Startup startup) {
    ensureMigrated();
  }

  /** The schema's state, migrating first if that has not succeeded yet. */
  public synchronized SchemaState ensureMigrated() {
    if (state.migrated() || Instant.now().isBefore(lastAttempt.plus(RETRY_AFTER))) {
      return state;
    }
    lastAttempt = Instant.now();
    try {
      var flyway =
          Flyway.configure(SchemaMigration.class.getClassLoader())
              .dataSource(dataSource)
              .locations("classpath:db/migration")
              // instances discovering each other through the database (JDBC_PING2) may create
              // their jgroups table before the first migration: a history starting at version 0
              // still applies every migration, and one whose tables exist fails loudly
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .load();
      var result = flyway.migrate();
      var version = flyway.info().current();
      state = SchemaState.at(version == null ? "none" : version.getVersion().getVersion());
      LOG.info(
          () ->
              "Database schema at version "
                  + state.version()
                  + " ("
                  + result.migrationsExecuted
                  + " migrations applied now)");
    } catch (RuntimeException e) {
      state = SchemaState.failed("the schema could not be migrated; see the instance log");
      LOG.log(Level.WARNING, "Database schema migration failed; will retry", e);
    }
    return state;
  }

  public DataSource dataSource() {
    return dataSource;
  }
}
