package dev.backplane.api.events.control;

import dev.backplane.api.persistence.control.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The counter rows of the event streams, made on a stream's first event. */
@ApplicationScoped
public class EventStreams {

  /** SQLState of a unique constraint's violation, on H2 as on PostgreSQL. */
  private static final String UNIQUE_VIOLATION = "23505";

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  /** Makes a stream's counter row, if no other instance or change has made it. */
  @Transactional(value = Transactional.TxType.REQUIRES_NEW, dontRollbackOn = SQLException.class)
  public void create(String stream) throws SQLException {
    try (var connection = dataSource.getConnection();
        var exists = connection.prepareStatement("select 1 from event_stream where name = ?")) {
      exists.setString(1, stream);
      try (var rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (var create =
          connection.prepareStatement("insert into event_stream (name, last_id) values (?, 0)")) {
        create.setString(1, stream);
        create.executeUpdate();
      }
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
  }
}
