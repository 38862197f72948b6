package dev.backplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The launcher's command line refuses what it does not understand before anything starts. */
class LauncherCommandLineTest {

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    return Launcher.commandLine()
        .setErr(new PrintWriter(err, true))
        .setOut(new PrintWriter(out, true))
        .execute(args);
  }

  @Test
  void anUnknownScenarioIsNamedWithTheKnownOnes() {
    assertThat(run("bench", "--quick", "mee")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "unknown scenario mee; the scenarios are [ceiling, cluster, collections, events, gateway,")
        .contains("Usage: backplane bench");
  }

  @Test
  void instancesMustBeAPositiveNumber() {
    assertThat(run("up", "--instances", "three")).isEqualTo(2);
    assertThat(err.toString()).contains("'three' is not an int");
    assertThat(run("up", "--instances", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--instances needs 1 or more.");
  }

  @Test
  void anUnknownCommandOrOptionShowsTheUsage() {
    assertThat(run("start")).isEqualTo(2);
    assertThat(run("bench", "--fast")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("Unknown option: '--fast'");
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("up ").contains("down ").contains("bench ");
  }
}
