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

/** The README's curl example, run as written (on the test platform's ports). */
@ExtendWith(RunningBackplane.class)
class ReadmeSystemIT {

  @Test
  void curlExampleGetsATokenAndCallsTheApi(TestPorts ports) throws Exception {
    var readme = Files.readString(BackplaneCommand.HOME.resolve("README.md"));
    var afterMarker = readme.substring(readme.indexOf("<!-- snippet: curl-me"));
    var start = afterMarker.indexOf("```bash\n") + "```bash\n".length();
    var snippet =
        afterMarker
            .substring(start, afterMarker.indexOf("```", start))
            .replace("localhost:8080", "localhost:" + ports.http())
            .replace("localhost:8180", "localhost:" + ports.keycloak());

    var process = new ProcessBuilder("bash", "-c", snippet).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(output).contains("\"username\":\"alice\"").contains("\"roles\":[\"api-user\"]");
  }
}
