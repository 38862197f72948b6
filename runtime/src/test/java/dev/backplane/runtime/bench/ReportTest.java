package dev.backplane.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  @Test
  void aRunReplacesOnlyTheSectionsItMeasuredAndKeepsTheFindings() throws Exception {
    var file = dir.resolve("BENCHMARKS.md");
    Files.writeString(
        file,
        "# Benchmarks\n\nIntro.\n\n"
            + Report.begin("api")
            + "\nold api figures\n"
            + Report.end("api")
            + "\n\n"
            + Report.begin("users")
            + "\nold users figures\n"
            + Report.end("users")
            + "\n\n## Findings\nkept\n");

    Report.write(file, Map.of("users", "new users figures\n"));

    var text = Files.readString(file);
    assertThat(text)
        .contains("Intro.")
        .contains("old api figures")
        .contains("new users figures")
        .contains("## Findings\nkept")
        .doesNotContain("old users figures");
  }

  @Test
  void aNewSectionGoesAfterTheLastMeasuredOneBeforeTheFindings() throws Exception {
    var file = dir.resolve("BENCHMARKS.md");
    Files.writeString(
        file,
        "# Benchmarks\n\n"
            + Report.begin("api")
            + "\napi figures\n"
            + Report.end("api")
            + "\n\n## Findings\nkept\n");

    Report.write(file, Map.of("cluster", "cluster figures\n"));

    var text = Files.readString(file);
    assertThat(text.indexOf("api figures"))
        .isLessThan(text.indexOf("cluster figures"))
        .isLessThan(text.indexOf("## Findings"));
    assertThat(text)
        .contains(Report.begin("cluster") + "\ncluster figures\n" + Report.end("cluster"));
  }

  @Test
  void aMissingFileIsCreatedWithTheSectionsInOrder() throws Exception {
    var file = dir.resolve("BENCHMARKS.md");
    var sections = new LinkedHashMap<String, String>();
    sections.put("setup", "machine\n");
    sections.put("api", "figures\n");

    Report.write(file, sections);

    var text = Files.readString(file);
    assertThat(text)
        .startsWith("# Benchmarks")
        .contains(Report.begin("api") + "\nfigures\n" + Report.end("api"));
    assertThat(text.indexOf("machine")).isLessThan(text.indexOf("figures"));
  }
}
