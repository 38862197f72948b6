package dev.backplane.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The heap an instance keeps after a full collection: what it holds on to, not what it has yet to
 * collect. The collection is asked of the instance's JVM with the JDK's jcmd; the figure is its own
 * Prometheus gauge.
 */
public final class InstanceHeap {

  private InstanceHeap() {}

  /** Bytes of heap in use on the instance at {@code url} (process {@code pid}) after a full GC. */
  public static long retainedBytes(String url, long pid) {
    var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      var gc =
          new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start();
      gc.getInputStream().readAllBytes();
      if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
        throw new AssertionError("jcmd GC.run did not succeed on process " + pid);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    // each web application may list the JVM's gauge: the same figure
    return Http.get(url + "/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith("memory_usedHeap_bytes{"))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .min()
        .orElseThrow(
            () -> new AssertionError("no memory_usedHeap_bytes in the instance's metrics"));
  }
}
