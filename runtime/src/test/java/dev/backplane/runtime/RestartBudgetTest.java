package dev.backplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

  private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void aServerIsStartedAgainAsOftenAsTheBudgetSaysWithinTheWindow() {
    var budget = new RestartBudget(3, Duration.ofMinutes(10));

    assertThat(budget.take("instance-1", START)).isTrue();
    assertThat(budget.take("instance-1", START.plusSeconds(60))).isTrue();
    assertThat(budget.take("instance-1", START.plusSeconds(120))).isTrue();
    assertThat(budget.take("instance-1", START.plusSeconds(180))).isFalse();
    // each server has a budget of its own
    assertThat(budget.take("instance-2", START.plusSeconds(180))).isTrue();
  }

  @Test
  void restartsOlderThanTheWindowNoLongerCount() {
    var budget = new RestartBudget(2, Duration.ofMinutes(10));
    budget.take("instance-1", START);
    budget.take("instance-1", START.plusSeconds(300));

    assertThat(budget.take("instance-1", START.plusSeconds(500))).isFalse();
    assertThat(budget.take("instance-1", START.plusSeconds(601))).isTrue();
  }
}
