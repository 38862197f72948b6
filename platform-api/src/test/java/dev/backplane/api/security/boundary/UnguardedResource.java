package dev.backplane.api.security.boundary;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A resource of the test archive that someone forgot to give a role rule. */
@Path("unguarded")
public class UnguardedResource {

  @GET
  public String get() {
    return "nobody should see this";
  }
}
