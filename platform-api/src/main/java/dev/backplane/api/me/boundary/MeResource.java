package dev.backplane.api.me.boundary;

import dev.backplane.api.me.entity.Caller;
import dev.backplane.api.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.API_USER})
public class MeResource {

  @Inject JsonWebToken token;

  @GET
  public Caller me() {
    var roles = Roles.ALL.stream().filter(token.getGroups()::contains).toList();
    return new Caller(
        token.getSubject(),
        token.getClaim(Claims.preferred_username),
        roles,
        token.getClaim("azp"));
  }
}
