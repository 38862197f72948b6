package dev.backplane.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files the build assembled in runtime/target/backplane: what the launcher runs. A missing one
 * means the build did not run or failed.
 */
public record Distribution(Path root) {

  public Path payaraMicro() {
    return file("payara-micro.jar");
  }

  public Path platformApiWar() {
    return file("platform-api.war");
  }

  public Path consoleWar() {
    return file("console.war");
  }

  public Path keycloakArchive() {
    try (var files = Files.list(root)) {
      return files
          .filter(f -> f.getFileName().toString().matches("keycloak-quarkus-dist-.*\\.zip"))
          .findFirst()
          .orElseThrow(() -> missing("keycloak-quarkus-dist-*.zip"));
    } catch (java.io.IOException e) {
      throw missing("keycloak-quarkus-dist-*.zip");
    }
  }

  /** Keycloak's version, as the archive's name says it. */
  public String keycloakVersion() {
    return keycloakArchive()
        .getFileName()
        .toString()
        .replace("keycloak-quarkus-dist-", "")
        .replace(".zip", "");
  }

  public Path devRealm() {
    return file("realms/backplane-realm.json");
  }

  public Path testRealm() {
    return file("realms/intruder-realm.json");
  }

  public Path payaraPreboot() {
    return file("payara/preboot.asadmin");
  }

  /** Fails with one clear line when the build has not produced everything. */
  public void verify() {
    for (var path :
        List.of(payaraMicro(), platformApiWar(), consoleWar(), devRealm(), payaraPreboot())) {
      if (!Files.isRegularFile(path)) {
        throw missing(root.relativize(path).toString());
      }
    }
    keycloakArchive();
  }

  private Path file(String name) {
    return root.resolve(name);
  }

  private LaunchException missing(String name) {
    return new LaunchException(
        "The build output "
            + root.resolve(name)
            + " is missing; run ./backplane up (it builds what is missing) or mvn package.");
  }
}
