package dev.backplane.api.persistence.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain JDBC statements with bound parameters, each on a connection of the data source (in the
 * caller's JTA transaction when there is one, else committed by itself).
 */
public final class Statements {

  /** Reads one row of a result. */
  public interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private final DataSource dataSource;

  public Statements(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public <T> List<T> query(String sql, Row<T> row, Object... parameters) throws SQLException {
    try (var connection = dataSource.getConnection();
        var statement = prepare(connection, sql, parameters);
        var rs = statement.executeQuery()) {
      var rows = new ArrayList<T>();
      while (rs.next()) {
        rows.add(row.read(rs));
      }
      return rows;
    }
  }

  public int update(String sql, Object... parameters) throws SQLException {
    try (var connection = dataSource.getConnection();
        var statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    var statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }
}
