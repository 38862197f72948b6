package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.BackplaneCommand;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's curl examples, run as written (on the test platform's ports). */
@ExtendWith(RunningBackplane.class)
class ReadmeSystemIT {

  @Test
  void curlExampleGetsATokenAndCallsTheApi(TestPorts ports) throws Exception {
    var output = run("curl-me", ports);

    assertThat(output).contains("\"username\":\"alice\"").contains("\"roles\":[\"api-user\"]");
  }

  @Test
  void collectionsWalkThroughDoesWhatItSays(TestPorts ports) throws Exception {
    var output = run("collections", ports);

    assertThat(output)
        .as(output)
        .contains("\"name\":\"orders\"")
        .contains("\"title\":\"Order 3\"")
        .containsIgnoringCase("Idempotent-Replayed: true")
        // the filtered page: Order 3 then Order 2 of the three, with the total
        .containsPattern(
            "\\{\"items\":\\[\\{\"id\":\"[^\"]+\",\"title\":\"Order 3\",\"priority\":3\\},"
                + "\\{\"id\":\"[^\"]+\",\"title\":\"Order 2\",\"priority\":2\\}\\],\"total\":2\\}")
        .contains("\"status\":\"done\"")
        .contains("\n412\n")
        .contains("\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"")
        .endsWith("204\n");
  }

  @Test
  void jobsWalkThroughImportsExportsAndDownloads(TestPorts ports) throws Exception {
    var output = run("jobs", ports);

    assertThat(output)
        .as(output)
        .contains("\"state\":\"succeeded\"")
        .contains("\"rejected\":1")
        .containsPattern("\\{\"line\":2,\"errors\":\\[\\{\"field\":\"year\",")
        .contains("\"records\":2")
        .contains("id,owner,createdAt,updatedAt,version,title,year\r\n")
        .contains(",Dune,1965\r\n")
        .contains(",Ulysses,1922\r\n")
        .endsWith("204\n");
  }

  @Test
  void gatewayWalkThroughPutsAServiceBehindARoute(TestPorts ports) throws Exception {
    var output = run("gateway", ports);

    assertThat(output)
        .as(output)
        .contains("\"name\":\"files\"")
        .contains("hello from my service\n401\n204\n");
  }

  /** The bash block after a README marker, run on the test platform's ports; its output. */
  private static String run(String snippetName, TestPorts ports) throws Exception {
    var readme = Files.readString(BackplaneCommand.HOME.resolve("README.md"));
    var afterMarker = readme.substring(readme.indexOf("<!-- snippet: " + snippetName));
    var start = afterMarker.indexOf("```bash\n") + "```bash\n".length();
    var snippet =
        afterMarker
            .substring(start, afterMarker.indexOf("```", start))
            .replace("localhost:8080", "localhost:" + ports.http())
            .replace("localhost:8180", "localhost:" + ports.keycloak());

    var process = new ProcessBuilder("bash", "-c", snippet).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
