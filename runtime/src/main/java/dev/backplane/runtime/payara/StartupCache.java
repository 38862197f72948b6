package dev.backplane.runtime.payara;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The JDK's ahead-of-time cache for the instances (JDK 25 and later): Payara's and the WARs'
 * classes loaded, linked and profiled by one run, then mapped by every later start. It makes an
 * instance ready about 15% sooner and smaller by about 20 MB (BENCHMARKS.md).
 *
 * <p>The first instance started without a cache records one: the JVM assembles it when the instance
 * stops (about 20 s more on this machine), into a file of its own; only a complete one becomes the
 * cache. The cache is keyed by everything it depends on (the JDK, Payara Micro, the WARs, the JVM
 * options), so a rebuild or another JDK records a new one. A cache the JVM cannot use is ignored by
 * it, never fatal.
 */
public final class StartupCache {

  private static final String COMPLETE = "AOTCache creation is complete: ";

  private final Path folder;
  private final List<Path> inputs;
  private final List<String> jvmOptions;
  private Path cache;
  private Path recording;
  private String recorder;

  private StartupCache(Path folder, List<Path> inputs, List<String> jvmOptions) {
    this.folder = folder;
    this.inputs = List.copyOf(inputs);
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * The cache for instances running {@code inputs} (jars and WARs) with {@code jvmOptions} on this
   * JDK, kept in {@code folder}; none before JDK 25, whose one-step recording it needs. The inputs
   * are read when the first instance starts.
   */
  public static Optional<StartupCache> of(Path folder, List<Path> inputs, List<String> jvmOptions) {
    return Runtime.version().feature() < 25
        ? Optional.empty()
        : Optional.of(new StartupCache(folder, inputs, jvmOptions));
  }

  private Path cache() {
    if (cache != null) {
      return cache;
    }
    var key = new StringBuilder(System.getProperty("java.home") + Runtime.version());
    for (var input : inputs) {
      try {
        key.append('|')
            .append(input.toAbsolutePath())
            .append(Files.size(input))
            .append(Files.getLastModifiedTime(input).toMillis());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + input, e);
      }
    }
    jvmOptions.forEach(option -> key.append('|').append(option));
    cache = folder.resolve("instance-" + digest(key) + ".aot");
    return cache;
  }

  /**
   * The JVM options of the next start of {@code instance}: the cache when there is one; otherwise,
   * for one instance at a time, recording it; otherwise none.
   */
  public synchronized List<String> jvmOptions(String instance) {
    if (Files.isRegularFile(cache())) {
      return List.of("-XX:AOTCache=" + cache);
    }
    if (recording != null) {
      return List.of();
    }
    try {
      Files.createDirectories(folder);
      // what an instance killed while recording left behind, and caches of older builds (each is
      // 140 MB; the newest other one stays, e.g. the benchmark's beside up's)
      try (var files = Files.list(folder)) {
        var newestFirst =
            files.sorted(Comparator.comparing(StartupCache::lastModified).reversed()).toList();
        var keep = newestFirst.stream().filter(f -> f.toString().endsWith(".aot")).findFirst();
        for (var file : newestFirst) {
          if (keep.isEmpty() || !file.equals(keep.get())) {
            Files.delete(file);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + folder, e);
    }
    recorder = instance;
    recording =
        cache.resolveSibling(
            cache.getFileName().toString().replace(".aot", "-" + System.nanoTime() + ".recording"));
    // without thousands of "skipping class" warnings in the instance's log
    return List.of("-XX:AOTCacheOutput=" + recording, "-Xlog:aot*=error");
  }

  /** Whether this instance records the cache now, so that its stop takes longer. */
  public synchronized boolean recording(String instance) {
    return recording != null && instance.equals(recorder);
  }

  /**
   * After the recording instance has exited: keeps its cache when the JVM says in {@code log} that
   * it wrote it completely, and drops it otherwise (killed while assembling, or not stopped
   * cleanly).
   */
  public synchronized void instanceExited(String instance, Path log) {
    if (recording == null || !instance.equals(recorder)) {
      return;
    }
    try {
      var complete =
          Files.isRegularFile(recording)
              && Files.readString(log, StandardCharsets.ISO_8859_1).contains(COMPLETE + recording);
      if (complete) {
        Files.move(recording, cache, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(recording);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the startup cache " + recording, e);
    } finally {
      recording = null;
      recorder = null;
    }
  }

  private static FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static String digest(CharSequence text) {
    try {
      var hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
