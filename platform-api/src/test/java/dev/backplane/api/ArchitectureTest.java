package dev.backplane.api;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The API's shape, as rules the build checks: package by feature, one direction between the
 * infrastructure and the features, and boundary / control / entity inside each.
 *
 * <pre>
 *   features        audit  caches  collections  gateway  instance  me  ratelimit  users  webhooks
 *                   (may use each other, no cycle)
 *                      |  register their caches, schemas, health checks, mappers through CDI
 *   infrastructure  cluster  persistence  dependency  security  request  problem  requestid
 *                   openapi  jobs  events
 * </pre>
 */
@AnalyzeClasses(
    packages = "dev.backplane.api",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  static final String[] INFRASTRUCTURE = {
    "..api.cluster..",
    "..api.persistence..",
    "..api.dependency..",
    "..api.security..",
    "..api.request..",
    "..api.problem..",
    "..api.requestid..",
    "..api.openapi..",
    "..api.jobs..",
    "..api.events.."
  };

  static final String[] FEATURES = {
    "..api.audit..",
    "..api.caches..",
    "..api.collections..",
    "..api.gateway..",
    "..api.instance..",
    "..api.me..",
    "..api.ratelimit..",
    "..api.users..",
    "..api.webhooks.."
  };

  @ArchTest
  static final ArchRule everyPackageIsAFeatureOrInfrastructure =
      classes()
          .that()
          .resideOutsideOfPackage("dev.backplane.api")
          .should()
          .resideInAnyPackage(INFRASTRUCTURE)
          .orShould()
          .resideInAnyPackage(FEATURES)
          .because("a new top-level package must say which it is, here and in the README");

  @ArchTest
  static final ArchRule theInfrastructureKnowsNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage(INFRASTRUCTURE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(FEATURES)
          .because("features register with the infrastructure (CDI), never the reverse");

  @ArchTest
  static final ArchRule noCyclesBetweenTopLevelPackages =
      slices().matching("dev.backplane.api.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule controlAndEntitiesDoNotUseBoundaries =
      noClasses()
          .that()
          .resideInAnyPackage("..control..", "..entity..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..boundary..");

  @ArchTest
  static final ArchRule entitiesDoNotUseControl =
      noClasses()
          .that()
          .resideInAPackage("..entity..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..control..");

  @ArchTest
  static final ArchRule controlAnswersNoHttp =
      noClasses()
          .that()
          .resideInAnyPackage("..control..", "..entity..")
          .should()
          .dependOnClassesThat(
              assignableTo(WebApplicationException.class)
                  .or(resideInAnyPackage("jakarta.ws.rs.container..", "jakarta.ws.rs.ext.."))
                  .or(assignableTo(Response.ResponseBuilder.class)))
          .because(
              "control throws domain exceptions (problem.control.RefusedException and its kind)"
                  + " that the problem mappers answer as RFC 9457 problem details");

  @ArchTest
  static final ArchRule resourcesAreBoundariesWithARoleRule =
      classes()
          .that()
          .areAnnotatedWith(Path.class)
          .should()
          .resideInAPackage("..boundary..")
          .andShould(haveARoleRule());

  @ArchTest
  static final ArchRule exceptionMappersAreBoundaries =
      classes().that().implement(ExceptionMapper.class).should().resideInAPackage("..boundary..");

  /** On the class, so that a method without its own rule is not denied by RoleRules by surprise. */
  private static com.tngtech.archunit.lang.ArchCondition<JavaClass> haveARoleRule() {
    return com.tngtech.archunit.lang.conditions.ArchConditions.be(
        describe(
            "annotated with a role rule (@RolesAllowed, @PermitAll or @DenyAll)",
            (JavaClass type) ->
                type.isAnnotatedWith(RolesAllowed.class)
                    || type.isAnnotatedWith(PermitAll.class)
                    || type.isAnnotatedWith(DenyAll.class)));
  }
}
