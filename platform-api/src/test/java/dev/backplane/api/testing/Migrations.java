package dev.backplane.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The schema version the WAR's Flyway migrations lead to: the highest {@code V<n>__} file. */
public final class Migrations {

  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

  private Migrations() {}

  public static String latestVersion() {
    try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
      return files
          .map(file -> VERSION.matcher(file.getFileName().toString()))
          .filter(Matcher::matches)
          .map(matcher -> Integer.parseInt(matcher.group(1)))
          .max(Comparator.naturalOrder())
          .map(String::valueOf)
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
