package dev.backplane.runtime;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** What the launcher tells the person waiting: one line per step, with how long it took. */
public final class Progress {

  private final PrintStream out;

  public Progress(PrintStream out) {
    this.out = out;
  }

  public static Progress silent() {
    return new Progress(new PrintStream(PrintStream.nullOutputStream()));
  }

  public Step step(String what) {
    out.print("  " + what + " ... ");
    out.flush();
    return new Step(Instant.now());
  }

  public void line(String text) {
    out.println(text);
    out.flush();
  }

  /** A step under way; {@link #done()} ends its line with the time taken. */
  public final class Step {
    private final Instant started;

    private Step(Instant started) {
      this.started = started;
    }

    public Duration done() {
      return done("done");
    }

    public Duration done(String word) {
      var took = Duration.between(started, Instant.now());
      out.printf("%s (%.1f s)%n", word, took.toMillis() / 1000.0);
      out.flush();
      return took;
    }

    public void failed() {
      out.println("failed");
      out.flush();
    }
  }
}
