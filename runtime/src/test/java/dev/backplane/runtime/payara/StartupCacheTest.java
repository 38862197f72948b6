package dev.backplane.runtime.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTest {

  @TempDir Path folder;
  private Path input;

  @BeforeEach
  void needsJdk25() throws IOException {
    assumeTrue(Runtime.version().feature() >= 25, "the one-step AOT cache needs JDK 25");
    input = Files.writeString(folder.resolve("app.war"), "war");
  }

  @Test
  void recordsOnceThenEveryStartUsesTheCache() throws Exception {
    var cache = StartupCache.of(folder.resolve("aot"), List.of(input), List.of("-Xmx64m")).get();
    var record = cache.jvmOptions("instance-1");
    assertThat(record.getFirst()).startsWith("-XX:AOTCacheOutput=");
    assertThat(cache.recording("instance-1")).isTrue();
    assertThat(cache.jvmOptions("instance-2")).as("a second instance meanwhile").isEmpty();
    assertThat(cache.recording("instance-2")).isFalse();

    var log = runJava(record);
    var otherLog = Files.writeString(folder.resolve("instance-2.log"), "stopped\n");
    cache.instanceExited("instance-2", otherLog);
    assertThat(cache.recording("instance-1")).as("another instance's exit").isTrue();
    cache.instanceExited("instance-1", log);

    assertThat(cache.recording("instance-1")).isFalse();
    var use = cache.jvmOptions("instance-1");
    assertThat(use).singleElement().asString().startsWith("-XX:AOTCache=");
    assertThat(Files.readString(runJava(use))).contains("hello").doesNotContain("warning");
    try (var files = Files.list(folder.resolve("aot"))) {
      assertThat(files).singleElement().asString().endsWith(".aot");
    }
  }

  @Test
  void anIncompleteRecordingIsDropped() throws Exception {
    var cache = StartupCache.of(folder.resolve("aot"), List.of(input), List.of()).get();
    var recording =
        Path.of(
            cache.jvmOptions("instance-1").getFirst().substring("-XX:AOTCacheOutput=".length()));
    Files.writeString(recording, "half a cache");
    var log = Files.writeString(folder.resolve("killed.log"), "Launching child process\n");

    cache.instanceExited("instance-1", log);

    assertThat(recording).doesNotExist();
    assertThat(cache.jvmOptions("instance-1").getFirst()).startsWith("-XX:AOTCacheOutput=");
  }

  @Test
  void anotherBuildRecordsAnotherCache() throws Exception {
    var folderOfCaches = folder.resolve("aot");
    var first = StartupCache.of(folderOfCaches, List.of(input), List.of()).get();
    first.instanceExited("instance-1", runJava(first.jvmOptions("instance-1")));
    Files.setLastModifiedTime(input, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

    var rebuilt = StartupCache.of(folderOfCaches, List.of(input), List.of()).get();

    assertThat(rebuilt.jvmOptions("instance-1").getFirst()).startsWith("-XX:AOTCacheOutput=");
  }

  /** Runs {@link Hello} in a JVM of its own with {@code options}; returns its log. */
  private Path runJava(List<String> options) throws Exception {
    var log = Files.createTempFile(folder, "java", ".log");
    var command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(options);
    command.addAll(List.of("-cp", helloJar().toString(), Hello.class.getName()));
    var process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    assertThat(process.waitFor()).as(Files.readString(log)).isZero();
    return log;
  }

  /** The JDK caches classes from jars only: {@link Hello} in a jar of its own. */
  private Path helloJar() throws IOException {
    var jar = folder.resolve("hello.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    var entry = Hello.class.getName().replace('.', '/') + ".class";
    try (var out = new JarOutputStream(Files.newOutputStream(jar));
        var in = Hello.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
    }
    return jar;
  }

  /** The program the tests' JVMs run. */
  public static final class Hello {
    public static void main(String[] args) {
      System.out.println("hello");
    }
  }
}
