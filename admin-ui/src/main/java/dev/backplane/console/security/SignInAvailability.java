package dev.backplane.console.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether Keycloak answers, asked before a browser is sent to its login form: a frozen Keycloak
 * would leave the administrator before a page that never loads, where the console can say plainly
 * that sign-in is unavailable. The answer is kept for {@link #KEEP}, so a burst of visits asks
 * once.
 */
@ApplicationScoped
public class SignInAvailability {

  private static final Logger LOG = Logger.getLogger(SignInAvailability.class.getName());
  private static final Duration TIMEOUT = Duration.ofMillis(1500);
  static final Duration KEEP = Duration.ofSeconds(3);

  @Inject
  @ConfigProperty(name = "backplane.console.issuer")
  String issuer;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private boolean available = true;
  private long askedAt = System.nanoTime() - KEEP.toNanos();

  /** True unless Keycloak did not answer its discovery document within 1.5 s just now. */
  public synchronized boolean available() {
    if (System.nanoTime() - askedAt < KEEP.toNanos()) {
      return available;
    }
    boolean answered = ask();
    if (answered != available) {
      LOG.info(
          answered
              ? "Keycloak answers again: console sign-in is available"
              : "Keycloak does not answer: console sign-in is unavailable until it does");
    }
    available = answered;
    askedAt = System.nanoTime();
    return available;
  }

  private boolean ask() {
    var discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    try {
      var answer =
          http.send(
              HttpRequest.newBuilder(discovery).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return answer.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
