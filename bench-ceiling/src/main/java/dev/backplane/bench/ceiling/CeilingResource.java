package dev.backplane.bench.ceiling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Answers a JSON document of the size and shape of {@code GET /api/v1/me}, serialized the same way
 * (JSON-B), so the difference to the API is what the API does: token, security, its filters.
 */
@Path("me")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class CeilingResource {

  public record Caller(
      String subject, String username, java.util.List<String> roles, String client) {}

  private static final Caller CALLER =
      new Caller(
          "2720ca49-28bf-4d2c-b06b-ccb11e9bcdcb",
          "alice",
          java.util.List.of("api-user"),
          "backplane-cli");

  @GET
  public Caller me() {
    return CALLER;
  }
}
