package dev.backplane.runtime.containers;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker/compose.yaml as an operator gets it: it refuses to start without its secrets, imports the
 * production realm, leaves the development realm to an explicit opt-in, and believes
 * X-Forwarded-For from HAProxy alone. No Docker engine runs where the tests run: the files are
 * read, not started.
 */
class ComposeFileTest {

  private static final Path ROOT = projectRoot();

  /** The secrets compose.yaml asks the operator for. */
  private static final Set<String> SECRETS =
      Set.of(
          "BACKPLANE_DB_PASSWORD",
          "KEYCLOAK_DB_PASSWORD",
          "KEYCLOAK_ADMIN_PASSWORD",
          "BACKPLANE_KEYCLOAK_CLIENT_SECRET",
          "BACKPLANE_INITIAL_ADMIN_PASSWORD");

  /** A variable named like a secret is one, whether or not it is in the list above. */
  private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET).*");

  /** Compose's interpolation: {@code ${NAME}}, {@code ${NAME:?message}}, {@code ${NAME:-x}}... */
  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}");

  /** A value that is nothing but a required variable with a message. */
  private static final Pattern REQUIRED_VARIABLE =
      Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:\\?[^}]+}");

  private static final String REALM_IMPORT = "/opt/keycloak/data/import";

  private final Map<String, Object> compose = yaml("docker/compose.yaml");
  private final Map<String, Object> devOverride = yaml("docker/compose.dev.yaml");

  @Test
  void everySecretIsRequiredAndNoneHasADefault() {
    var secretsAskedFor = new TreeSet<String>();
    for (var value : strings(compose)) {
      var interpolation = INTERPOLATION.matcher(value);
      while (interpolation.find()) {
        var name = interpolation.group(1);
        if (SECRET_NAME.matcher(name).matches()) {
          assertThat(interpolation.group(2))
              .as("%s in %s: required (:?message), never a default", name, value)
              .matches(":\\?.+");
          secretsAskedFor.add(name);
        }
      }
    }
    assertThat(secretsAskedFor).containsExactlyInAnyOrderElementsOf(SECRETS);
    assertThat(strings(devOverride)).noneMatch(value -> value.contains("${"));
  }

  @Test
  void noServiceHasASecretWrittenIntoTheFile() {
    for (var service : services(compose).entrySet()) {
      for (var variable : environment(service.getValue()).entrySet()) {
        if (SECRET_NAME.matcher(variable.getKey()).matches()) {
          assertThat(variable.getValue())
              .asString()
              .as("%s of %s", variable.getKey(), service.getKey())
              .matches(REQUIRED_VARIABLE);
        }
      }
    }
  }

  @Test
  void keycloakImportsTheProductionRealmInProductionMode() {
    var keycloak = service(compose, "keycloak");
    assertThat(strings(keycloak.get("volumes")))
        .containsExactly("../realm-config/prod:" + REALM_IMPORT + ":ro");
    assertThat(strings(keycloak.get("command"))).startsWith("start").doesNotContain("start-dev");
  }

  /**
   * An unset placeholder stays in the realm as written ({@code ${NAME}} would be the client's
   * secret, a known value), so compose must hand Keycloak every one. Keycloak replaces them in the
   * file's text before parsing it, so the text is what is searched here.
   */
  @Test
  void keycloakGetsEveryVariableTheProductionRealmNeeds() {
    var placeholders = INTERPOLATION.matcher(read("realm-config/prod/backplane-realm.json"));
    var needed = new TreeSet<String>();
    while (placeholders.find()) {
      assertThat(placeholders.group(2)).as("a default in the realm file").isEmpty();
      needed.add(placeholders.group(1));
    }
    assertThat(needed).contains("BACKPLANE_KEYCLOAK_CLIENT_SECRET", "BACKPLANE_CONSOLE_BASE_URL");
    assertThat(environment(service(compose, "keycloak")))
        .containsKeys(needed.toArray(String[]::new));
  }

  @Test
  void theDevelopmentRealmIsOnlyAnOptIn() {
    assertThat(read("docker/compose.yaml"))
        .doesNotContain("realm-config/dev")
        .doesNotContain("backplane-api-dev-secret");
    // the same target as compose.yaml's mount: compose replaces it instead of adding a second one
    assertThat(strings(service(devOverride, "keycloak").get("volumes")))
        .containsExactly("../realm-config/dev:" + REALM_IMPORT + ":ro");
  }

  @Test
  void theDevelopmentEnvironmentFileFitsTheDevelopmentRealm() throws IOException {
    var devValues = new Properties();
    try (var reader = Files.newBufferedReader(ROOT.resolve("docker/dev.env"))) {
      devValues.load(reader);
    }
    assertThat(devValues.stringPropertyNames()).containsAll(SECRETS);
    JsonObject realm;
    try (var reader =
        Json.createReader(new StringReader(read("realm-config/dev/backplane-realm.json")))) {
      realm = reader.readObject();
    }
    var apiClient =
        realm.getJsonArray("clients").getValuesAs(JsonObject.class).stream()
            .filter(client -> client.getString("clientId").equals("backplane-api"))
            .findFirst()
            .orElseThrow();
    assertThat(devValues.getProperty("BACKPLANE_KEYCLOAK_CLIENT_SECRET"))
        .isEqualTo(apiClient.getString("secret"));
  }

  @Test
  void instancesBelieveForwardedAddressesOnlyFromTheLoadBalancer() {
    var loadBalancer =
        (String)
            map(map(service(compose, "loadbalancer").get("networks")).get("default"))
                .get("ipv4_address");
    var instances =
        services(compose).entrySet().stream()
            .filter(service -> service.getKey().startsWith("instance-"))
            .toList();
    assertThat(instances).hasSize(3);
    for (var instance : instances) {
      assertThat(environment(instance.getValue()).get("BACKPLANE_RATE_LIMIT_TRUSTED_PROXIES"))
          .as(instance.getKey())
          .isEqualTo(loadBalancer);
    }

    var ipam = map(map(map(compose.get("networks")).get("default")).get("ipam"));
    var addressing = map(((List<?>) ipam.get("config")).getFirst());
    assertThat(Network.of((String) addressing.get("subnet")).contains(loadBalancer)).isTrue();
    // never handed to another container: outside the range compose gives out by itself
    assertThat(Network.of((String) addressing.get("ip_range")).contains(loadBalancer)).isFalse();
  }

  /** An IPv4 or IPv6 network written as {@code address/prefix}. */
  private record Network(byte[] address, int prefix) {

    static Network of(String cidr) {
      var parts = cidr.split("/");
      return new Network(literal(parts[0]), Integer.parseInt(parts[1]));
    }

    boolean contains(String candidate) {
      var bytes = literal(candidate);
      if (bytes.length != address.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((bytes[bit / 8] & mask) != (address[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    private static byte[] literal(String address) {
      try {
        // a literal address: no name lookup happens
        return InetAddress.getByName(address).getAddress();
      } catch (UnknownHostException e) {
        throw new AssertionError("not an address: " + address, e);
      }
    }
  }

  /** The project's root: the folder above the working directory (runtime/ under Maven) with it. */
  private static Path projectRoot() {
    for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker/compose.yaml"))) {
        return dir;
      }
    }
    throw new AssertionError("no docker/compose.yaml above " + Path.of("").toAbsolutePath());
  }

  private static String read(String path) {
    try {
      return Files.readString(ROOT.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> yaml(String path) {
    return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(read(path)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    assertThat(node).isInstanceOf(Map.class);
    return (Map<String, Object>) node;
  }

  private static Map<String, Object> services(Map<String, Object> file) {
    return map(file.get("services"));
  }

  private static Map<String, Object> service(Map<String, Object> file, String name) {
    return map(services(file).get(name));
  }

  private static Map<String, Object> environment(Object service) {
    var environment = map(service).get("environment");
    return environment == null ? Map.of() : map(environment);
  }

  /** Every string anywhere below a node (keys excepted), aliases and merges already resolved. */
  private static List<String> strings(Object node) {
    var found = new ArrayList<String>();
    collectStrings(node, found);
    return found;
  }

  private static void collectStrings(Object node, List<String> found) {
    switch (node) {
      case String text -> found.add(text);
      case Map<?, ?> map -> map.values().forEach(value -> collectStrings(value, found));
      case List<?> list -> list.forEach(item -> collectStrings(item, found));
      case null, default -> {}
    }
  }
}
