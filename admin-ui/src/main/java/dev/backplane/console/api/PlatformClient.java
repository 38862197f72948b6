package dev.backplane.console.api;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's way to the platform: its REST API, called with the administrator's own access
 * token, so the API's role rules apply to the console exactly as to any script.
 */
@ApplicationScoped
public class PlatformClient {

  @Inject
  @ConfigProperty(name = "backplane.console.api-url")
  String apiUrl;

  private Client client;
  private final Jsonb jsonb = JsonbBuilder.create();

  @PostConstruct
  void open() {
    client =
        ClientBuilder.newBuilder()
            .connectTimeout(3, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .build();
  }

  @PreDestroy
  void close() {
    client.close();
  }

  public Me me(String accessToken) throws ApiException {
    return get("/api/v1/me", accessToken, Me.class);
  }

  /** The platform's health (liveness and readiness checks); it answers 503 when it is down. */
  public Health health() throws ApiException {
    try (var response =
        client.target(apiUrl).path("/health").request(MediaType.APPLICATION_JSON).get()) {
      var body = response.readEntity(String.class);
      if (response.getStatus() != 200 && response.getStatus() != 503) {
        throw ApiException.from(response.getStatus(), body, jsonb);
      }
      return jsonb.fromJson(body, Health.class);
    } catch (ProcessingException | JsonbException e) {
      throw ApiException.unreachable(apiUrl, e);
    }
  }

  private <T> T get(String path, String accessToken, Class<T> type) throws ApiException {
    try (var response =
        client
            .target(apiUrl)
            .path(path)
            .request(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
            .get()) {
      var body = response.readEntity(String.class);
      if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
        throw ApiException.from(response.getStatus(), body, jsonb);
      }
      return jsonb.fromJson(body, type);
    } catch (ProcessingException | JsonbException e) {
      throw ApiException.unreachable(apiUrl, e);
    }
  }
}
