package dev.backplane.api.security.boundary;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Enforces each resource method's role rule: {@code @RolesAllowed} (method over class),
 * {@code @PermitAll} or {@code @DenyAll}. No caller where a role is needed: 401; a caller without
 * the role: 403. A method without any rule is denied, so a forgotten rule fails closed.
 */
@Provider
public class RoleRules implements DynamicFeature {

  private static final Logger LOG = Logger.getLogger(RoleRules.class.getName());

  /** Stands for {@code @PermitAll}: no filter is registered for it. */
  private static final Rule PERMIT_ALL = new Rule(List.of("*"));

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    var method = resource.getResourceMethod();
    var type = resource.getResourceClass();
    if (!type.getName().startsWith("dev.backplane.")) {
      return; // Jersey's own resources, such as its answers to OPTIONS
    }
    // the method's own rule wins over its class's
    var rule = ruleOf(method).or(() -> ruleOf(type));
    if (rule.isEmpty()) {
      LOG.severe(
          () ->
              type.getName()
                  + "."
                  + method.getName()
                  + " has no role rule; it is denied to everyone");
      rule = Optional.of(new Rule(List.of()));
    }
    rule.filter(r -> r != PERMIT_ALL).ifPresent(r -> context.register(r, Priorities.AUTHORIZATION));
  }

  /** The rule an annotated method or class states, if it states one. */
  private static Optional<Rule> ruleOf(AnnotatedElement element) {
    if (element.isAnnotationPresent(DenyAll.class)) {
      return Optional.of(new Rule(List.of()));
    }
    if (element.isAnnotationPresent(PermitAll.class)) {
      return Optional.of(PERMIT_ALL);
    }
    return Optional.ofNullable(element.getAnnotation(RolesAllowed.class))
        .map(allowed -> new Rule(List.of(allowed.value())));
  }

  /** Admits an authenticated caller holding one of the roles (none: nobody). */
  @Priority(Priorities.AUTHORIZATION)
  private record Rule(List<String> roles) implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
      var security = request.getSecurityContext();
      if (!roles.isEmpty() && security.getUserPrincipal() == null) {
        throw new NotAuthorizedException(
            "This request needs a bearer token from Keycloak.", "Bearer realm=\"backplane\"");
      }
      if (roles.stream().noneMatch(security::isUserInRole)) {
        throw new ForbiddenException("Your roles do not allow this request.");
      }
    }
  }
}
