package dev.backplane.runtime.testing;

import dev.backplane.runtime.tls.DevCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Calls over HTTPS that trust a platform's development certificate, as the launcher says to. */
public final class Https {

  private Https() {}

  /** A client that trusts the certificate {@code ./backplane up} made for this platform. */
  public static HttpClient trusting(TestPorts ports) {
    try {
      var trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      try (var in = Files.newInputStream(new DevCertificate(ports.data()).certificate())) {
        trusted.setCertificateEntry(
            "backplane-dev", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      var trust = TrustManagerFactory.getInstance("PKIX");
      trust.init(trusted);
      var tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder()
          .sslContext(tls)
          .version(HttpClient.Version.HTTP_2)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A GET with a bearer token (none when null). */
  public static HttpResponse<String> get(HttpClient client, String url, String token) {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
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
