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
import java.util.List;
import java.util.logging.Logger;

/**
 * Enforces each resource method's role rule: {@code @RolesAllowed} (method over class),
 * {@code @PermitAll} or {@code @DenyAll}. No caller where a role is needed: 401; a caller without
 * the role: 403. A method without any rule is denied, so a forgotten rule fails closed.
 */
@Provider
public class RoleRules implements DynamicFeature {

  private static final Logger LOG = Logger.getLogger(RoleRules.class.getName());

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    var method = resource.getResourceMethod();
    var type = resource.getResourceClass();
    if (!type.getName().startsWith("dev.backplane.")) {
      return; // Jersey's own resources, such as its answers to OPTIONS
    }
    if (method.isAnnotationPresent(DenyAll.class)) {
      context.register(new Rule(List.of()), Priorities.AUTHORIZATION);
    } else if (method.isAnnotationPresent(PermitAll.class)) {
      return;
    } else if (method.isAnnotationPresent(RolesAllowed.class)) {
      context.register(
          new Rule(List.of(method.getAnnotation(RolesAllowed.class).value())),
          Priorities.AUTHORIZATION);
    } else if (type.isAnnotationPresent(DenyAll.class)) {
      context.register(new Rule(List.of()), Priorities.AUTHORIZATION);
    } else if (type.isAnnotationPresent(PermitAll.class)) {
      return;
    } else if (type.isAnnotationPresent(RolesAllowed.class)) {
      context.register(
          new Rule(List.of(type.getAnnotation(RolesAllowed.class).value())),
          Priorities.AUTHORIZATION);
    } else {
      LOG.severe(
          () ->
              type.getName()
                  + "."
                  + method.getName()
                  + " has no role rule; it is denied to everyone");
      context.register(new Rule(List.of()), Priorities.AUTHORIZATION);
    }
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
