package dev.backplane.api.ratelimit.control;

import com.google.re2j.Pattern;
import java.util.Optional;

/**
 * A policy's path pattern: segments match literally, except {@code *} (any characters within one
 * segment) and {@code **} as a whole segment (any number of segments, none included).
 *
 * <p>Compiled for RE2/J, whose automata match in time linear in the path whatever the pattern: with
 * the JDK's backtracking regexes, a pattern an administrator may write, such as {@code
 * /api/v1/users/*-*-*-*-*}, took seconds of CPU per request against a long path.
 */
public final class PathPattern {

  private final String text;
  private final Pattern regex;

  private PathPattern(String text, Pattern regex) {
    this.text = text;
    this.regex = regex;
  }

  public static PathPattern of(String text) {
    return new PathPattern(text, Pattern.compile(regex(text), Pattern.DOTALL));
  }

  /** What is wrong with a pattern, if anything (beyond the characters it may hold). */
  public static Optional<String> problem(String text) {
    for (var segment : text.substring(1).split("/", -1)) {
      if (segment.contains("**") && !segment.equals("**")) {
        return Optional.of("'**' must be a whole segment, such as /api/v1/**");
      }
    }
    return Optional.empty();
  }

  public boolean matches(String path) {
    return regex.matches(path);
  }

  @Override
  public String toString() {
    return text;
  }

  private static String regex(String text) {
    var regex = new StringBuilder();
    var segments = text.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      var segment = segments[i];
      if (segment.equals("**")) {
        // "/a/**" matches "/a" and everything below it
        regex.append(i == segments.length - 1 ? "(?:/.*)?" : "(?:/[^/]*)*");
        continue;
      }
      regex.append('/');
      var parts = segment.split("\\*", -1);
      for (int p = 0; p < parts.length; p++) {
        if (p > 0) {
          regex.append("[^/]*");
        }
        regex.append(Pattern.quote(parts[p]));
      }
    }
    return regex.toString();
  }
}
