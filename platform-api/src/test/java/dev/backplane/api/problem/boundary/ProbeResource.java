package dev.backplane.api.problem.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A resource of the test archive only: it fails in each of the ways the mappers must render. */
@Path("probe")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProbeResource {

  public record Signup(@NotBlank @Size(max = 20) String username, @NotBlank @Email String email) {}

  @POST
  public Signup create(@Valid Signup signup) {
    return signup;
  }

  @GET
  public String list(@QueryParam("max") @Max(100) Integer max) {
    return "[]";
  }

  @GET
  @Path("failure")
  public String failure() {
    throw new IllegalStateException("secret internals: jdbc:h2:file:/var/lib/backplane");
  }
}
