package dev.backplane.api.problem.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionRequiredException;
import org.junit.jupiter.api.Test;

class TransactionFailureMapperTest {

  @Test
  void whateverTheCommitOrRollbackThrewIsTheDatabasesFault() {
    assertThat(TransactionFailureMapper.misuse(new RollbackException())).isFalse();
    assertThat(TransactionFailureMapper.misuse(new SystemException())).isFalse();
    // a rollback on a connection that broke, as the transaction manager may report it
    assertThat(TransactionFailureMapper.misuse(new IllegalStateException("not active"))).isFalse();
    // the provider flushing at commit
    assertThat(TransactionFailureMapper.misuse(new PersistenceException("I/O error"))).isFalse();
  }

  @Test
  void aMethodOutsideTheTransactionItDemandsIsOurs() {
    assertThat(TransactionFailureMapper.misuse(new TransactionRequiredException())).isTrue();
    assertThat(TransactionFailureMapper.misuse(new InvalidTransactionException())).isTrue();
  }
}
