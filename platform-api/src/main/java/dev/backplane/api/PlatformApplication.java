package dev.backplane.api;

import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API under /api/v1. Callers authenticate with a Keycloak access token
 * (BearerTokenFilter); each resource method has a role rule (RoleRules).
 */
@ApplicationScoped
@ApplicationPath("api/v1")
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.API_USER})
@OpenAPIDefinition(
    info = @Info(title = "Backplane API", version = "v1"),
    security = @SecurityRequirement(name = "keycloak"))
@SecurityScheme(
    securitySchemeName = "keycloak",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description = "An access token from Keycloak's realm 'backplane'")
public class PlatformApplication extends Application {

  /**
   * Jersey's WADL would describe every resource to anyone, at {@code application.wadl} and in
   * answers to OPTIONS; {@code /openapi} is the API's description. OPTIONS still answers with
   * {@code Allow}.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
