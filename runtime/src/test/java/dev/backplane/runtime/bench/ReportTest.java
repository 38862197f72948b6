package dev.backplane.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  @Test
  void measuredFiguresReplaceTheOldOnesAndKeepTheFindings() throws Exception {
    var file = dir.resolve("BENCHMARKS.md");
    Files.writeString(
        file,
        "# Benchmarks\n\nIntro.\n\n"
            + Report.BEGIN
            + "\nold figures\n"
            + Report.END
            + "\n\n## Findings\nkept\n");

    Report.write(file, "new figures\n");

    var text = Files.readString(file);
    assertThat(text)
        .contains("Intro.")
        .contains("new figures")
        .contains("## Findings\nkept")
        .doesNotContain("old figures");
  }

  @Test
  void aMissingFileIsCreated() throws Exception {
    var file = dir.resolve("BENCHMARKS.md");

    Report.write(file, "figures\n");

    assertThat(Files.readString(file))
        .startsWith("# Benchmarks")
        .contains(Report.BEGIN + "\nfigures\n" + Report.END);
  }
}
