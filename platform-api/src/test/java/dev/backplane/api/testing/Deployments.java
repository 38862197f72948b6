package dev.backplane.api.testing;

import dev.backplane.api.PlatformApplication;
import dev.backplane.api.cache.control.CacheContainer;
import dev.backplane.api.cache.entity.CacheStatistics;
import dev.backplane.api.dependency.boundary.DependenciesHealthCheck;
import dev.backplane.api.dependency.control.DependencyWatch;
import dev.backplane.api.health.boundary.CacheHealthCheck;
import dev.backplane.api.instance.boundary.RequestMeter;
import dev.backplane.api.instance.control.InstanceDrain;
import dev.backplane.api.instance.control.RequestStatistics;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import dev.backplane.api.persistence.control.SchemaMigration;
import dev.backplane.api.persistence.entity.SchemaState;
import dev.backplane.api.problem.boundary.WebApplicationExceptionMapper;
import dev.backplane.api.problem.control.Problems;
import dev.backplane.api.problem.entity.Problem;
import dev.backplane.api.ratelimit.control.Absorb;
import dev.backplane.api.ratelimit.control.Admission;
import dev.backplane.api.ratelimit.control.Admit;
import dev.backplane.api.ratelimit.control.Counter;
import dev.backplane.api.ratelimit.control.Unshipped;
import dev.backplane.api.ratelimit.control.UsageSnapshot;
import dev.backplane.api.ratelimit.entity.Algorithm;
import dev.backplane.api.request.boundary.RequestIdFilter;
import dev.backplane.api.request.control.BodyTooLargeException;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import dev.backplane.api.security.control.TokenVerifier;
import dev.backplane.api.security.entity.VerifiedToken;
import dev.backplane.api.users.control.CachedPage;
import dev.backplane.api.users.control.CachedUser;
import dev.backplane.api.users.entity.User;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;

/** The small archives the ITs deploy: the API's frame plus the feature under test. */
public final class Deployments {

  private static final File WEB_INF = new File("src/main/webapp/WEB-INF");

  private Deployments() {}

  /**
   * Deployed as ROOT.war, at "/" as in production. The application, its security, the problem
   * mappers and the servlet filters of web.xml; MicroProfile Config: the production defaults, with
   * {@code mpConfig}'s keys replacing theirs.
   */
  public static WebArchive api(String mpConfig) {
    return ShrinkWrap.create(WebArchive.class, "ROOT.war")
        .addClasses(PlatformApplication.class, RequestMeter.class, RequestStatistics.class)
        // the filters web.xml names: request id, load shedding, body limit
        .addPackage(RequestIdFilter.class.getPackage())
        .addPackage(BodyTooLargeException.class.getPackage())
        .addPackage(BearerTokenFilter.class.getPackage())
        .addPackage(TokenVerifier.class.getPackage())
        .addPackage(VerifiedToken.class.getPackage())
        // the shared dependencies' watches (Keycloak's is the security package's)
        .addPackage(DependencyWatch.class.getPackage())
        .addPackage(DependenciesHealthCheck.class.getPackage())
        .addPackage(WebApplicationExceptionMapper.class.getPackage())
        .addPackage(Problems.class.getPackage())
        .addPackage(Problem.class.getPackage())
        .addAsWebInfResource(new File(WEB_INF, "beans.xml"))
        .addAsWebInfResource(new File(WEB_INF, "payara-web.xml"))
        .setWebXML(new File(WEB_INF, "web.xml"))
        .addAsResource(
            new StringAsset(productionConfig() + "\n" + mpConfig),
            "META-INF/microprofile-config.properties")
        .addAsLibraries(
            libraries("com.nimbusds:nimbus-jose-jwt", "com.github.ben-manes.caffeine:caffeine"));
  }

  /**
   * The frame plus what runs beneath every feature: the database with its migrations, the cache
   * container, and the health checks that watch them.
   */
  public static WebArchive withPersistence(String mpConfig) {
    return api(mpConfig)
        .addPackage(CacheHealthCheck.class.getPackage())
        .addPackage(SchemaMigration.class.getPackage())
        .addPackage(SchemaState.class.getPackage())
        .addPackage(CacheContainer.class.getPackage())
        .addPackage(CacheStatistics.class.getPackage())
        .addPackage(InstanceDrain.class.getPackage())
        .addPackage(InstanceSnapshot.class.getPackage())
        .addPackage(RequestMeter.class.getPackage())
        .addPackage(User.class.getPackage())
        .addClasses(CachedUser.class, CachedPage.class)
        // the stored values' schema names the rate-limit counters, their functions and usage
        .addClasses(
            Counter.class,
            Admission.class,
            Admit.class,
            Absorb.class,
            Unshipped.class,
            UsageSnapshot.class,
            Algorithm.class)
        // and their marshallers, which the build generates beside them
        .addPackages(
            false,
            path -> path.get().contains("___Marshaller"),
            Counter.class.getPackage(),
            Algorithm.class.getPackage())
        .addAsResource(
            new File("target/classes/backplane-build.properties"), "backplane-build.properties")
        .addAsResource(new File("target/classes/proto/backplane.proto"), "proto/backplane.proto")
        .addAsResource(new File("src/main/resources/infinispan.xml"), "infinispan.xml")
        .addAsResource(new File("src/main/resources/db/migration"), "db/migration")
        .addAsLibraries(libraries());
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
        .withTransitivity()
        .asFile();
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
