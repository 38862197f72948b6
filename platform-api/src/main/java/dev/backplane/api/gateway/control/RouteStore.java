package dev.backplane.api.gateway.control;

import dev.backplane.api.gateway.entity.Route;
import dev.backplane.api.gateway.entity.RouteSpec;
import dev.backplane.api.persistence.control.DatabaseAvailability;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.persistence.control.Statements;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.PersistenceException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** The routes' table through JDBC, in the caller's transaction when there is one. */
@ApplicationScoped
public class RouteStore {

  private static final Logger LOG = Logger.getLogger(RouteStore.class.getName());
  private static final String COLUMNS = "name, definition, created_at, updated_at";
  private static final Jsonb JSON = JsonbBuilder.create();

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject DatabaseAvailability database;

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public List<Route> list() {
    return query("select " + COLUMNS + " from gateway_route order by name", RouteStore::route);
  }

  public Optional<Route> find(String name) {
    return query(
            "select " + COLUMNS + " from gateway_route where name = ?", RouteStore::route, name)
        .stream()
        .findFirst();
  }

  /** The name of the route that serves this prefix, other than {@code except}. */
  Optional<String> holderOf(String prefix, String except) {
    return query(
            "select name from gateway_route where prefix = ? and name <> ?",
            rs -> rs.getString(1),
            prefix,
            except == null ? "" : except)
        .stream()
        .findFirst();
  }

  void insert(Route route) {
    update(
        "insert into gateway_route (name, prefix, definition, created_at, updated_at) values (?,"
            + " ?, ?, ?, ?)",
        route.name(),
        route.spec().prefix(),
        JSON.toJson(route.spec()),
        route.createdAt().atOffset(ZoneOffset.UTC),
        route.updatedAt().atOffset(ZoneOffset.UTC));
  }

  void change(Route route) {
    update(
        "update gateway_route set prefix = ?, definition = ?, updated_at = ? where name = ?",
        route.spec().prefix(),
        JSON.toJson(route.spec()),
        route.updatedAt().atOffset(ZoneOffset.UTC),
        route.name());
  }

  void delete(String name) {
    update("delete from gateway_route where name = ?", name);
  }

  private static Route route(ResultSet rs) throws SQLException {
    return new Route(
        rs.getString(1),
        JSON.fromJson(rs.getString(2), RouteSpec.class),
        rs.getObject(3, OffsetDateTime.class).toInstant(),
        rs.getObject(4, OffsetDateTime.class).toInstant());
  }

  private <T> List<T> query(String sql, Statements.Row<T> row, Object... parameters) {
    try {
      return new Statements(dataSource).query(sql, row, parameters);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private int update(String sql, Object... parameters) {
    try {
      return new Statements(dataSource).update(sql, parameters);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private RuntimeException unavailable(SQLException e) {
    LOG.log(Level.WARNING, "The routes' table cannot be used", e);
    return database.unavailable(
        "Routes cannot be read or changed now; try again shortly.", new PersistenceException(e));
  }
}
