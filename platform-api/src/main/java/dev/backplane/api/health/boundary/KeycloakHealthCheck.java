package dev.backplane.api.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when Keycloak's signing keys (JWKS) can be fetched: without them no new token can be
 * verified. The answer is reused for a few seconds so frequent probes do not load Keycloak.
 */
@Readiness
@ApplicationScoped
public class KeycloakHealthCheck implements HealthCheck {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REUSE = Duration.ofSeconds(5);

  @Inject
  @ConfigProperty(name = "backplane.auth.jwks-url")
  String jwksLocation;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private HealthCheckResponse last;
  private Instant lastAt = Instant.MIN;

  @Override
  public synchronized HealthCheckResponse call() {
    if (last == null || Instant.now().isAfter(lastAt.plus(REUSE))) {
      last = probe();
      lastAt = Instant.now();
    }
    return last;
  }

  private HealthCheckResponse probe() {
    var response = HealthCheckResponse.named("keycloak").withData("jwks", jwksLocation);
    try {
      var request = HttpRequest.newBuilder(URI.create(jwksLocation)).timeout(TIMEOUT).GET().build();
      var answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        return response.down().withData("problem", "JWKS answered " + answer.statusCode()).build();
      }
      try (var reader = Json.createReader(new StringReader(answer.body()))) {
        int keys = reader.readObject().get("keys") instanceof JsonArray array ? array.size() : 0;
        return response.status(keys > 0).withData("keys", keys).build();
      }
    } catch (IOException | JsonException e) {
      return response.down().withData("problem", "Keycloak's JWKS cannot be read").build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return response.down().withData("problem", "interrupted").build();
    }
  }
}
