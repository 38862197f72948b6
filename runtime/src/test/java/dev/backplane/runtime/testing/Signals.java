package dev.backplane.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Signals to processes the tests started (SIGSTOP and SIGCONT to freeze one, for instance). */
public final class Signals {

  private Signals() {}

  public static void send(String signal, List<ProcessHandle> processes) {
    for (var process : processes) {
      try {
        var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
          throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
