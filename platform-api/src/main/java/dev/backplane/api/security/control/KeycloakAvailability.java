package dev.backplane.api.security.control;

import dev.backplane.api.dependency.control.DependencyWatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether Keycloak answers: its signing keys (JWKS) can be read. While it does not, tokens whose
 * key is known keep being accepted until they expire; what needs Keycloak itself (managing users,
 * signing in to the console) answers 503 at once.
 */
@ApplicationScoped
public class KeycloakAvailability extends DependencyWatch {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Inject
  @ConfigProperty(name = "backplane.auth.jwks-url")
  String jwksLocation;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  void onStartup(@Observes Startup startup) {
    startWatching();
  }

  @Override
  public String name() {
    return "keycloak";
  }

  @Override
  public String affects() {
    return "managing users answers 503, new sign-ins wait (tokens already issued stay valid)";
  }

  @Override
  protected String probe() throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(jwksLocation)).timeout(TIMEOUT).GET().build();
    HttpResponse<String> answer;
    try {
      answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(
          "no answer from "
              + jwksLocation
              + " within "
              + TIMEOUT.toSeconds()
              + " s ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
    if (answer.statusCode() != 200) {
      throw new IOException("its JWKS answered " + answer.statusCode());
    }
    try (var reader = Json.createReader(new StringReader(answer.body()))) {
      int keys = reader.readObject().get("keys") instanceof JsonArray array ? array.size() : 0;
      if (keys == 0) {
        throw new IOException("its JWKS holds no key");
      }
      return keys + " signing keys at " + jwksLocation;
    } catch (JsonException | ClassCastException e) {
      throw new IOException("its JWKS is not a JSON key set", e);
    }
  }
}
