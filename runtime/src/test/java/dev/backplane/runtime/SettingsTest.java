package dev.backplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final Path DIST = Path.of("/opt/backplane/dist");
  private static final Path DATA = Path.of("/var/lib/backplane");

  @Test
  void defaultsServeOneInstanceOnALaptop() {
    var settings = Settings.from(Map.of(), DIST, DATA);

    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.keycloakPort()).isEqualTo(8180);
    assertThat(settings.keycloakManagementPort()).isEqualTo(9000);
    assertThat(settings.data()).isEqualTo(DATA);
    assertThat(settings.issuer()).isEqualTo("http://localhost:8180/realms/backplane");
    assertThat(settings.publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(settings.logs()).isEqualTo(DATA.resolve("logs"));
  }

  @Test
  void environmentOverridesEveryValue() {
    var settings =
        Settings.from(
            Map.of(
                "BACKPLANE_HTTP_PORT", "18080",
                "BACKPLANE_KEYCLOAK_PORT", " 18180 ",
                "BACKPLANE_DATA", "/tmp/bp",
                "BACKPLANE_INSTANCE_HEAP", "512m",
                "BACKPLANE_KEYCLOAK_TIMEOUT", "30",
                "BACKPLANE_INSTANCE_JVM_OPTIONS", " -XX:+UseG1GC   -Xlog:gc "),
            DIST,
            DATA);

    assertThat(settings.httpPort()).isEqualTo(18080);
    assertThat(settings.keycloakUrl()).isEqualTo("http://localhost:18180");
    assertThat(settings.data()).isEqualTo(Path.of("/tmp/bp"));
    assertThat(settings.instanceHeap()).isEqualTo("512m");
    assertThat(settings.keycloakTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.instanceJvmOptions()).containsExactly("-XX:+UseG1GC", "-Xlog:gc");
  }

  @Test
  void malformedValuesNameTheVariable() {
    assertThatThrownBy(() -> Settings.from(Map.of("BACKPLANE_HTTP_PORT", "eighty"), DIST, DATA))
        .isInstanceOf(LaunchException.class)
        .hasMessage("BACKPLANE_HTTP_PORT=eighty is not a whole number.");
    assertThatThrownBy(() -> Settings.from(Map.of("BACKPLANE_KEYCLOAK_PORT", "70000"), DIST, DATA))
        .hasMessageStartingWith("BACKPLANE_KEYCLOAK_PORT=70000 is not a port");
    assertThatThrownBy(() -> Settings.from(Map.of("BACKPLANE_INSTANCE_TIMEOUT", "0"), DIST, DATA))
        .hasMessage("BACKPLANE_INSTANCE_TIMEOUT must be a positive number of seconds.");
  }

  @Test
  void aClusterKeepsEveryOtherSettingAndRefusesImpossibleSizes() {
    var one = Settings.from(Map.of("BACKPLANE_POSTGRES_PORT", "6543"), DIST, DATA);
    var three = one.withInstances(3);

    assertThat(one.clustered()).isFalse();
    assertThat(three.clustered()).isTrue();
    assertThat(three.instances()).isEqualTo(3);
    assertThat(three.postgresPort()).isEqualTo(6543);
    assertThat(three.clusterPort()).isEqualTo(7800);
    assertThat(three.clusterDiscovery()).isEqualTo("tcpping");
    assertThatThrownBy(
            () -> Settings.from(Map.of("BACKPLANE_CLUSTER_DISCOVERY", "dns"), DIST, DATA))
        .hasMessageContaining("BACKPLANE_CLUSTER_DISCOVERY=dns");
    assertThat(three.withInstances(3).httpPort()).isEqualTo(one.httpPort());
    assertThatThrownBy(() -> one.withInstances(0)).hasMessageContaining("1 to 9");
    assertThatThrownBy(() -> one.withInstances(10)).hasMessageContaining("1 to 9");
  }
}
