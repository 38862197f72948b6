package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Https;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import dev.backplane.runtime.testing.console.LaptopScreen;
import dev.backplane.runtime.testing.console.RoutesPage;
import dev.backplane.runtime.testing.console.SignedOutPage;
import dev.backplane.runtime.tls.DevCertificate;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway on the platform as {@code ./backplane up} runs it, with Keycloak's own tokens: an
 * administrator puts a service on loopback behind a route in the console's Routes view (a prefix
 * under /api refused under its field), callers reach it with their identity passed on, and the view
 * shows the route's traffic and its target up; an operator only looks; the console over HTTPS keeps
 * its login there, with Secure cookies.
 */
@ExtendWith(RunningBackplane.class)
class GatewaySystemIT {

  @Test
  void anAdministratorPutsAServiceBehindARouteAndCallersReachItWithTheirIdentity(TestPorts ports)
      throws Exception {
    var suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    var name = "orders-" + suffix;
    var prefix = "/services/" + name;
    var api = ports.publicUrl();
    var keycloak = new Keycloak(ports);
    var admin = keycloak.token("backplane", "admin", "admin");
    var alice = keycloak.token("backplane", "alice", "alice");
    var seen = new ConcurrentHashMap<String, String>();
    var service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext(
        "/",
        exchange -> {
          var headers = exchange.getRequestHeaders();
          seen.putAll(
              Map.of(
                  "path", exchange.getRequestURI().toString(),
                  "user", String.valueOf(headers.getFirst("X-Backplane-User")),
                  "roles", String.valueOf(headers.getFirst("X-Backplane-Roles")),
                  "tenant", String.valueOf(headers.getFirst("X-Tenant")),
                  "authorization", String.valueOf(headers.getFirst("Authorization")),
                  "proto", String.valueOf(headers.getFirst("X-Forwarded-Proto"))));
          var body = "{\"orders\":[]}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    service.start();
    try {
      var target = "http://127.0.0.1:" + service.getAddress().getPort();
      try (var browser = new ConsoleBrowser()) {
        browser.open(api + "/console/");
        new KeycloakLoginPage(browser).logIn("admin", "admin");
        new DashboardPage(browser);
        var routes = RoutesPage.open(browser, api + "/console");
        routes.fillNew(name, "/api/v1/" + name, target);
        assertThat(routes.saveRefused("route-prefix")).contains("/api");
        routes.replacePrefix(prefix);
        routes.setHeaders("X-Tenant: acme");
        routes.save();
        routes.awaitRowWith(name);

        // in force when the write answered: a caller with Keycloak's token goes through
        var answer = Http.get(api + prefix + "/open?page=2", alice);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"orders\":[]}");
        assertThat(seen)
            .containsEntry("path", "/open?page=2")
            .containsEntry("user", "alice")
            .containsEntry("tenant", "acme")
            .containsEntry("authorization", "null");
        assertThat(seen.get("roles")).contains("api-user");
        assertThat(Http.get(api + prefix + "/open").statusCode()).isEqualTo(401);
        // the same over HTTPS, with the development certificate: HTTP/2, HSTS, and the service is
        // told the caller came over HTTPS
        var secure =
            Https.get(Https.trusting(ports), ports.publicHttpsUrl() + prefix + "/tls", alice);
        assertThat(secure.statusCode()).as(secure.body()).isEqualTo(200);
        assertThat(secure.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(secure.headers().firstValue("Strict-Transport-Security"))
            .hasValue("max-age=300");
        assertThat(seen).containsEntry("path", "/tls").containsEntry("proto", "https");

        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> {
                  routes.awaitCellContaining("up");
                  routes.awaitCellContaining(" ms");
                });
        LaptopScreen.screenshot(browser, "routes");
        assertThat(LaptopScreen.misfits(browser)).as("routes at 1366 x 768").isEmpty();
      }

      try (var browser = new ConsoleBrowser()) {
        browser.open(api + "/console/");
        new KeycloakLoginPage(browser).logIn("operator", "operator");
        new DashboardPage(browser);
        var routes = RoutesPage.open(browser, api + "/console");
        assertThat(routes.canCreate()).isFalse();
        routes.openRoute(name);
        assertThat(routes.dialogSaves()).isFalse();
      }

      // the console over HTTPS, trusting the development certificate as the launcher says: the
      // login begins and ends there, and its cookies are Secure
      var console = ports.publicHttpsUrl() + "/console";
      try (var browser = ConsoleBrowser.trusting(new DevCertificate(ports.data()).certificate())) {
        browser.open(console + "/");
        new KeycloakLoginPage(browser).logIn("admin", "admin");
        new DashboardPage(browser);
        assertThat(browser.driver().getCurrentUrl()).startsWith(console + "/");
        var cookies = browser.cookies();
        assertThat(cookies).containsKey("JSESSIONID");
        assertThat(cookies).as("Secure, by name").doesNotContainValue(false);
        RoutesPage.open(browser, console).awaitRowWith(name);
        browser.open(console + "/");
        new DashboardPage(browser).logOut();
        new SignedOutPage(browser);
        assertThat(browser.driver().getCurrentUrl()).startsWith(console + "/signed-out");
      }
      // another spelling of the host goes to the console's HTTPS address first
      var elsewhere =
          Https.get(
              Https.trusting(ports), "https://127.0.0.1:" + ports.https() + "/console/users", null);
      assertThat(elsewhere.statusCode()).isBetween(301, 303);
      assertThat(elsewhere.headers().firstValue("Location")).hasValue(console + "/users");
    } finally {
      service.stop(0);
      Http.send("DELETE", api + "/api/v1/admin/routes/" + name, admin, null);
    }
  }
}
