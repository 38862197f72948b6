package dev.backplane.runtime.testing;

import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One platform started by {@code ./backplane up} for all system test classes that ask for it (a
 * {@link TestPorts} parameter), stopped by {@code ./backplane down} when the test run ends.
 */
public final class RunningBackplane implements ParameterResolver {

  public static final TestPorts PORTS = TestPorts.named("shared", 0);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPorts.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Platform.class, key -> Platform.start(), Platform.class);
    return PORTS;
  }

  /** The shared platform while it runs. */
  static final class Platform implements ExtensionContext.Store.CloseableResource {
    private final BackplaneCommand up;

    private Platform(BackplaneCommand up) {
      this.up = up;
    }

    static Platform start() {
      var platform =
          new Platform(
              BackplaneCommand.start(PORTS, Map.of(), "up").awaitUp(Duration.ofMinutes(8)));
      awaitConsoleLogin();
      return platform;
    }

    /**
     * The console sends a browser to Keycloak's login form, and Keycloak renders it: the first
     * render after a start can be slow on this machine, which is the platform's start, not a
     * browser test's step.
     */
    private static void awaitConsoleLogin() {
      var client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .cookieHandler(new CookieManager())
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      var console = URI.create(PORTS.publicUrl() + "/console/");
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () ->
                  client
                      .send(
                          HttpRequest.newBuilder(console).timeout(Duration.ofSeconds(60)).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body()
                      .contains("kc-login"));
    }

    @Override
    public void close() {
      BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(3), "down");
      up.awaitExit(Duration.ofMinutes(2));
    }
  }
}
