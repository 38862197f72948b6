package dev.backplane.runtime.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One HAProxy template for the local cluster and for compose.yaml. */
class HaproxyConfigurationTest {

  @Test
  void composesLoadBalancerIsTheTemplateRenderedForItsThreeInstances() throws IOException {
    var expected = LoadBalancer.containerConfiguration(3);
    var rendered = Path.of("target/haproxy.cfg");
    Files.writeString(rendered, expected);

    assertThat(Files.readString(Path.of("../docker/haproxy.cfg")))
        .as("docker/haproxy.cfg is rendered from the template: copy " + rendered.toAbsolutePath())
        .isEqualTo(expected);
  }

  @Test
  void theLocalClusterListensOnLoopbackWithItsRuntimeApi() {
    var local =
        new LoadBalancer(
                Path.of("target/lb"),
                Path.of("target/lb"),
                Path.of("target/lb"),
                8080,
                8443,
                Path.of("target/lb/backplane-dev.pem"),
                8404,
                List.of(8081, 8082))
            .configuration();

    assertThat(local)
        .contains("bind 127.0.0.1:8080")
        .containsPattern(
            "bind 127\\.0\\.0\\.1:8443 ssl crt /\\S+/target/lb/backplane-dev.pem alpn h2")
        .contains("max-age=300")
        .contains("bind 127.0.0.1:8404")
        .contains("stats socket ")
        .contains("server instance-2 127.0.0.1:8082 check")
        .contains("server instance-2 127.0.0.1:8082 track api/instance-2 cookie instance-2")
        .doesNotContain("instance-3")
        .doesNotContain("resolvers")
        .doesNotContain("{{");
  }
}
