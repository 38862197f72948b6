package dev.backplane.api.persistence.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import jakarta.resource.spi.ResourceAllocationException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseAvailabilityTest {

  @Test
  void aLostOrTimedOutConnectionMeansTheDatabaseIsUnavailable() {
    // PostgreSQL's "connection failure", as the driver reports a socket timeout
    var socketTimeout =
        new SQLException("An I/O error occurred", "08006", new SocketTimeoutException());
    assertThat(DatabaseAvailability.lostConnection(new PersistenceException(socketTimeout)))
        .isTrue();
    // the pool could not open a connection in time
    var pool =
        new SQLException(
            "Error in allocating a connection", new ResourceAllocationException("timed out"));
    assertThat(DatabaseAvailability.lostConnection(new PersistenceException(pool))).isTrue();
  }

  @Test
  void aPoolWhoseConnectionsAreAllInUseIsABusyInstanceNotADatabaseGone() {
    var full =
        new SQLException(
            "Error in allocating a connection. Cause: In-use connections equal max-pool-size and"
                + " expired max-wait-time. Cannot allocate more connections.",
            new ResourceAllocationException(
                "In-use connections equal max-pool-size and expired max-wait-time."));
    assertThat(DatabaseAvailability.lostConnection(new PersistenceException(full))).isFalse();
  }

  @Test
  void aStatementTheDatabaseRefusedSaysNothingOfItsAvailability() {
    var duplicate = new SQLException("duplicate key value", "23505");
    assertThat(DatabaseAvailability.lostConnection(new PersistenceException(duplicate))).isFalse();
    var cancelled = new SQLException("canceling statement due to statement timeout", "57014");
    assertThat(DatabaseAvailability.lostConnection(new PersistenceException(cancelled))).isFalse();
  }
}
