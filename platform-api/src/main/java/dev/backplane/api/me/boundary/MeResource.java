package dev.backplane.api.me.boundary;

import dev.backplane.api.me.entity.Caller;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("me")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.API_USER})
public class MeResource {

  @Operation(
      operationId = "getCaller",
      summary = "Who the bearer token says the caller is: subject, user name, roles")
  @GET
  public Caller me(@Context HttpServletRequest request) {
    var token = BearerTokenFilter.token(request);
    var roles = Roles.ALL.stream().filter(token.groups()::contains).toList();
    return new Caller(token.subject(), token.username(), roles, token.client());
  }
}
