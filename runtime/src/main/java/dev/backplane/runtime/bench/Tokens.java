package dev.backplane.runtime.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * A real access token of the dev user alice, from Keycloak's password grant, renewed when it has
 * less than a minute left (benchmark runs outlast its five minutes).
 */
final class Tokens {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String tokenEndpoint;
  private final String username;
  private final String password;
  private String token;
  private Instant renewAt = Instant.MIN;

  /** Tokens of the dev user alice (an API consumer). */
  Tokens(String issuer) {
    this(issuer, "alice", "alice");
  }

  Tokens(String issuer, String username, String password) {
    this.tokenEndpoint = issuer + "/protocol/openid-connect/token";
    this.username = username;
    this.password = password;
  }

  synchronized String authorization() {
    if (Instant.now().isAfter(renewAt)) {
      renew();
    }
    return "Bearer " + token;
  }

  /** A token renewed now: its whole lifetime ahead (an event stream ends with its token). */
  synchronized String freshAuthorization() {
    renew();
    return "Bearer " + token;
  }

  private void renew() {
    var form =
        "grant_type=password&client_id=backplane-cli&username="
            + username
            + "&password="
            + password;
    try {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create(tokenEndpoint))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Keycloak gave no token for "
                + username
                + ": "
                + response.statusCode()
                + " "
                + response.body());
      }
      var answer = BenchHttp.object(response.body());
      token = answer.getString("access_token");
      renewAt = Instant.now().plusSeconds(answer.getJsonNumber("expires_in").longValue() - 60);
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak's token endpoint does not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
