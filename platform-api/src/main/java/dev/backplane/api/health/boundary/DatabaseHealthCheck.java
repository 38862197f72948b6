package dev.backplane.api.health.boundary;

import dev.backplane.api.persistence.control.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the database answers and its schema is migrated. */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(DatabaseHealthCheck.class.getName());

  @Inject SchemaMigration schema;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database");
    var state = schema.ensureMigrated();
    if (!state.migrated()) {
      return response.down().withData("problem", state.problem()).build();
    }
    try (var connection = schema.dataSource().getConnection()) {
      var valid = connection.isValid(2);
      return response
          .status(valid)
          .withData("product", connection.getMetaData().getDatabaseProductName())
          .withData("schemaVersion", state.version())
          .build();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Database health check failed", e);
      return response.down().withData("problem", "the database does not answer").build();
    }
  }
}
