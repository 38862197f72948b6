package dev.backplane.api.testing;

import dev.backplane.api.PlatformApplication;
import dev.backplane.api.security.entity.Roles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;
import org.jboss.shrinkwrap.resolver.api.maven.strategy.RejectDependenciesStrategy;

/** The small archives the ITs deploy: the API's frame plus the feature under test. */
public final class Deployments {

  /** The API's features (the other top-level packages are its infrastructure). */
  private static final String MODEL = "dev.backplane:api-model";

  public static final List<String> FEATURES =
      List.of(
          "audit",
          "caches",
          "collections",
          "gateway",
          "instance",
          "me",
          "ratelimit",
          "users",
          "webhooks");

  private static final File WEB_INF = new File("src/main/webapp/WEB-INF");

  private Deployments() {}

  /**
   * Deployed as ROOT.war, at "/" as in production. The application, its security, the problem
   * mappers and the servlet filters of web.xml; MicroProfile Config: the production defaults, with
   * {@code mpConfig}'s keys replacing theirs.
   */
  public static WebArchive api(String mpConfig) {
    return ShrinkWrap.create(WebArchive.class, "ROOT.war")
        .addClass(PlatformApplication.class)
        // the filters web.xml names (request id, request meter, load shedding, body limit, token),
        // the problem mappers, the shared dependencies' watches (Keycloak's is in security) and
        // the completion of /openapi
        .addPackages(
            true,
            Deployments::isMainClass,
            packages("requestid", "request", "security", "dependency", "problem", "openapi"))
        .addAsWebInfResource(new File(WEB_INF, "beans.xml"))
        .addAsWebInfResource(new File(WEB_INF, "payara-web.xml"))
        .setWebXML(new File(WEB_INF, "web.xml"))
        .addAsResource(
            new StringAsset(productionConfig() + "\n" + mpConfig),
            "META-INF/microprofile-config.properties")
        .addAsLibraries(model())
        .addAsLibraries(
            libraries(
                "com.nimbusds:nimbus-jose-jwt",
                "com.github.ben-manes.caffeine:caffeine",
                "org.yaml:snakeyaml"));
  }

  /**
   * The frame plus the infrastructure beneath every feature: the database with its migrations, the
   * cache container, the job queue and the event log; features add their own packages ({@link
   * #withFeature}).
   */
  public static WebArchive withPersistence(String mpConfig) {
    var archive =
        api(mpConfig)
            .addPackages(
                true,
                Deployments::isMainClass,
                packages("persistence", "cluster", "jobs", "events"))
            .addAsResource(
                new File("target/classes/backplane-build.properties"), "backplane-build.properties")
            .addAsResource(new File("src/main/resources/infinispan.xml"), "infinispan.xml")
            .addAsResource(new File("src/main/resources/db/migration"), "db/migration")
            .addAsResource(
                new File("src/main/resources/META-INF/persistence.xml"), "META-INF/persistence.xml")
            .addAsLibraries(libraries());
    // the ProtoStream schemas the build generates, read by each feature's schema class
    for (var proto : new File("target/classes/proto").listFiles()) {
      archive.addAsResource(proto, "proto/" + proto.getName());
    }
    return archive;
  }

  /**
   * Adds a whole feature: the packages under {@code dev.backplane.api.<feature>} (boundary,
   * control, entity, and the marshallers the build generates beside them).
   */
  public static WebArchive withFeature(WebArchive archive, String feature) {
    return archive.addPackages(true, Deployments::isMainClass, packages(feature));
  }

  /** Every feature of the API on its infrastructure: the whole WAR, as it ships. */
  public static WebArchive wholeApi(String mpConfig) {
    var archive = withPersistence(mpConfig);
    for (var feature : FEATURES) {
      withFeature(archive, feature);
    }
    return archive;
  }

  /** A class the build compiled from the main sources: tests add their own resources by name. */
  private static boolean isMainClass(ArchivePath path) {
    return new File("target/classes", path.get()).isFile();
  }

  /** The packages of the given features or parts of the infrastructure, by their top name. */
  private static String[] packages(String... names) {
    var base = PlatformApplication.class.getPackageName();
    return Arrays.stream(names).map(name -> base + "." + name).toArray(String[]::new);
  }

  private static String productionConfig() {
    try {
      return Files.readString(
          Path.of("src/main/resources/META-INF/microprofile-config.properties"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The libraries the WAR ships (Infinispan, Flyway, JDBC drivers), as Maven resolves them. */
  public static File[] libraries() {
    return Maven.resolver()
        .loadPomFromFile("pom.xml")
        .importCompileAndRuntimeDependencies()
        .resolve()
        .using(new RejectDependenciesStrategy(false, MODEL))
        .asFile();
  }

  /**
   * The API's records (module api-model) as the WAR's library, from the test's own class path: the
   * reactor's fresh build, which a local Maven repository may not hold yet.
   */
  public static JavaArchive model() {
    try {
      var location =
          Path.of(Roles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(location)
          ? ShrinkWrap.create(ExplodedImporter.class, "api-model.jar")
              .importDirectory(location.toFile())
              .as(JavaArchive.class)
          : ShrinkWrap.createFromZipFile(JavaArchive.class, location.toFile());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Some of the WAR's libraries (group:artifact), at the versions its pom gives them. */
  public static File[] libraries(String... coordinates) {
    return Maven.resolver()
        .loadPomFromFile("pom.xml")
        .resolve(coordinates)
        .withoutTransitivity()
        .asFile();
  }
}
