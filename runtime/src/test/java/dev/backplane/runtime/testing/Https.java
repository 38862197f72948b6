package dev.backplane.runtime.testing;

import dev.backplane.runtime.tls.DevCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls over HTTPS that trust a platform's development certificate, as the launcher says to. */
public final class Https {

  private Https() {}

  /** A client that trusts the certificate {@code ./backplane up} made for this platform. */
  public static HttpClient trusting(TestPorts ports) {
    return HttpClient.newBuilder()
        .sslContext(new DevCertificate(ports.data()).trustingContext())
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** A GET with a bearer token (none when null). */
  public static HttpResponse<String> get(HttpClient client, String url, String token) {
    return send(client, "GET", url, token, null);
  }

  /** A request with a bearer token (none when null) and a JSON body (none when null). */
  public static HttpResponse<String> send(
      HttpClient client, String method, String url, String token, String json) {
    var request = Http.request(method, url, token, json).timeout(Duration.ofSeconds(30));
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
