package dev.backplane.runtime.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A process's PID and a marker from its command line, in the data directory's run folder. The
 * marker guards against signalling an unrelated process that got the same PID later.
 */
public record PidFile(Path path) {

  public void write(long pid, String marker) {
    try {
      Files.createDirectories(path.getParent());
      Files.write(path, List.of(Long.toString(pid), marker));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<ProcessHandle> runningProcess() {
    try {
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      var lines = Files.readAllLines(path);
      if (lines.size() < 2) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      var marker = lines.get(1);
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(handle -> handle.info().commandLine().map(c -> c.contains(marker)).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
