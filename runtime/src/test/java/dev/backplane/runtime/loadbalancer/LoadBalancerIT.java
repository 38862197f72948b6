package dev.backplane.runtime.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.process.ManagedProcess;
import dev.backplane.runtime.tls.DevCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's HAProxy configuration, run by the real HAProxy in front of two small HTTP servers
 * that stand in for instances (each answers with its name, and its readiness can be switched).
 */
class LoadBalancerIT {

  private final List<Backend> backends = List.of(new Backend("one"), new Backend("two"));
  private final HttpClient http = HttpClient.newHttpClient();
  private ManagedProcess haproxy;
  private LoadBalancer balancer;
  private int port;
  private int httpsPort;
  private DevCertificate certificate;

  @BeforeEach
  void start() throws IOException {
    var data = Files.createDirectories(Path.of("target", "lb-it-" + System.nanoTime()));
    port = freePort();
    httpsPort = freePort();
    certificate = new DevCertificate(data);
    certificate.ensure();
    balancer =
        new LoadBalancer(
            data.resolve("haproxy"),
            data.resolve("logs"),
            data.resolve("run"),
            port,
            httpsPort,
            certificate.bundle(),
            freePort(),
            backends.stream().map(Backend::port).toList());
    balancer.checkPorts();
    haproxy = balancer.start(Progress.silent());
    await().atMost(Duration.ofSeconds(20)).until(() -> servedBy(10).size() == 2);
  }

  @AfterEach
  void stop() {
    if (haproxy != null) {
      haproxy.stop(Duration.ofSeconds(10));
    }
    backends.forEach(Backend::stop);
  }

  @Test
  void aNotReadyInstanceGetsNoMoreRequestsAndComesBack() throws Exception {
    backends.get(0).ready.set(false);

    await().atMost(Duration.ofSeconds(10)).until(() -> servedBy(10).equals(Set.of("two")));

    backends.get(0).ready.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> servedBy(10).size() == 2);
  }

  @Test
  void aGetToAnInstanceThatIsGoneIsAnsweredByAnother() throws Exception {
    backends.get(1).stop();

    // before the checks notice: every request still succeeds, on the other instance
    for (int i = 0; i < 20; i++) {
      var response = get("/api/v1/anything", http);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("one");
    }
  }

  @Test
  void anInstanceInMaintenanceGetsNoRequestsUntilItIsBackInService() throws Exception {
    assertThat(balancer.states())
        .containsEntry("instance-1", "UP")
        .containsEntry("instance-2", "UP");

    balancer.inService("instance-2", false);

    assertThat(balancer.states()).containsEntry("instance-2", "MAINT");
    assertThat(servedBy(10)).containsExactly("one");

    balancer.inService("instance-2", true);
    await().atMost(Duration.ofSeconds(10)).until(() -> servedBy(10).size() == 2);
    assertThat(balancer.states()).containsEntry("instance-2", "UP");
  }

  @Test
  void theConsoleStaysOnOneInstance() throws Exception {
    var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    var first = get("/console/", browser).body();
    for (int i = 0; i < 10; i++) {
      assertThat(get("/console/", browser).body()).isEqualTo(first);
    }
    // without the cookie, the API is spread over both
    assertThat(servedBy(10)).hasSize(2);
  }

  @Test
  void healthAndMetricsAreNotServedThroughThePublicEntryPointHoweverSpelt() throws Exception {
    for (var path :
        List.of(
            "/health", "/health/ready", "/metrics", "/%68ealth/live", "//metrics", "/health;x")) {
      var response = rawGet(path);
      assertThat(response).as(path).startsWith("HTTP/1.1 404").contains("application/problem+json");
    }
    for (var path :
        List.of("/api/../health/ready", "/./metrics", "/api/%2e%2e/metrics", "/api/v1/a%3Ab")) {
      assertThat(rawGet(path)).as(path).startsWith("HTTP/1.1 400");
    }
    // what only looks alike passes
    assertThat(get("/api/v1/healthy", http).body()).isIn("one", "two");
    assertThat(get("/openapi", http).statusCode()).isEqualTo(200);
  }

  @Test
  void withNoInstanceLeftTheBalancerAnswersAProblemNotItsHtmlPage() throws Exception {
    backends.forEach(Backend::stop);

    // until the checks notice, then after: both answered by HAProxy itself
    for (int i = 0; i < 2; i++) {
      var response = get("/api/v1/anything", http);
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(response.body()).contains("\"status\":503").doesNotContain("<html");
    }
  }

  @Test
  void httpsWithTheDevelopmentCertificateSpeaksHttp2SaysHstsAndTellsTheInstances()
      throws Exception {
    // a client that trusts the development certificate, as the launcher says to do
    var client =
        HttpClient.newBuilder()
            .sslContext(certificate.trustingContext())
            .version(HttpClient.Version.HTTP_2)
            .build();

    var response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/v1/x"))
                .header("X-Forwarded-Proto", "http")
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.body()).isIn("one", "two");
    assertThat(response.headers().firstValue("Strict-Transport-Security"))
        .hasValue("max-age=" + LoadBalancer.LOCAL_HSTS_SECONDS);
    // the instance is told the scheme by the balancer, whatever the client said
    assertThat(servedThis(response.body()).getFirst("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(servedThis(response.body()).getFirst("Host")).isEqualTo("localhost:" + httpsPort);
    // a Host without a port gets HTTPS's (an instance speaking HTTP would take it for 80)
    try (var socket =
        certificate
            .trustingContext()
            .getSocketFactory()
            .createSocket(InetAddress.getLoopbackAddress(), httpsPort)) {
      socket
          .getOutputStream()
          .write(
              "GET /api/v1/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 200");
      var name = answer.substring(answer.lastIndexOf("\r\n\r\n") + 4);
      assertThat(servedThis(name).getFirst("Host")).isEqualTo("localhost:443");
    }
    // the instances' cookies are made Secure over HTTPS (once)
    assertThat(response.headers().allValues("Set-Cookie"))
        .containsExactly("plain=1; Path=/; Secure", "secure=2; Secure; Path=/");
    // plain HTTP carries no HSTS, says http, and leaves the cookies as they are
    var plain = get("/api/v1/x", http);
    assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
    assertThat(servedThis(plain.body()).getFirst("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(plain.headers().allValues("Set-Cookie"))
        .containsExactly("plain=1; Path=/", "secure=2; Secure; Path=/");
    // the cookie that keeps a console on one instance is Secure over HTTPS only
    var console =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/console/"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(console.headers().allValues("Set-Cookie"))
        .filteredOn(cookie -> cookie.startsWith("BACKPLANE_INSTANCE="))
        .singleElement()
        .satisfies(cookie -> assertThat(cookie).contains("; Secure"));
    assertThat(get("/console/", http).headers().allValues("Set-Cookie"))
        .filteredOn(cookie -> cookie.startsWith("BACKPLANE_INSTANCE="))
        .singleElement()
        .satisfies(cookie -> assertThat(cookie).doesNotContain("Secure"));
    // a client that does not trust the certificate is refused
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("https://localhost:" + httpsPort + "/api/v1/x"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  /** The headers the stand-in instance that gave this answer (its name) received. */
  private Headers servedThis(String name) {
    return backends.stream()
        .filter(backend -> backend.name.equals(name))
        .findFirst()
        .orElseThrow()
        .last;
  }

  /** A GET of a path sent exactly as written (the JDK's client would normalise it). */
  private String rawGet(String path) throws IOException {
    try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private Set<String> servedBy(int requests) throws Exception {
    var names = new HashSet<String>();
    for (int i = 0; i < requests; i++) {
      var response = get("/api/v1/anything", http);
      if (response.statusCode() == 200) {
        names.add(response.body());
      }
    }
    return names;
  }

  private HttpResponse<String> get(String path, HttpClient client) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A stand-in instance: its name for any path, and /health/ready per its switch. */
  private static final class Backend {
    final AtomicBoolean ready = new AtomicBoolean(true);

    /** The headers of the latest request that was not a health check. */
    volatile Headers last = new Headers();

    final String name;
    private final HttpServer server;

    Backend(String name) {
      this.name = name;
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext(
          "/",
          exchange -> {
            var health = exchange.getRequestURI().getPath().equals("/health/ready");
            if (!health) {
              last = exchange.getRequestHeaders();
            }
            if (!health) {
              exchange.getResponseHeaders().add("Set-Cookie", "plain=1; Path=/");
              exchange.getResponseHeaders().add("Set-Cookie", "secure=2; Secure; Path=/");
            }
            int status = health && !ready.get() ? 503 : 200;
            var body =
                (health ? (ready.get() ? "UP" : "DOWN") : name).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (var out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    void stop() {
      server.stop(0);
    }
  }
}
