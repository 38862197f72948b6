package dev.backplane.api.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which tokens the API trusts, from MicroProfile Config (README: Configuration). */
@ApplicationScoped
public class SecurityConfiguration {

  @Inject
  @ConfigProperty(name = "backplane.auth.issuer")
  String issuer;

  @Inject
  @ConfigProperty(name = "backplane.auth.jwks-url")
  String jwksUrl;

  @Inject
  @ConfigProperty(name = "backplane.auth.audience")
  String audience;

  @Inject
  @ConfigProperty(name = "backplane.auth.verified-token-cache-size", defaultValue = "10000")
  long cacheSize;

  @Produces
  @Singleton
  TokenVerifier tokenVerifier() {
    var clock = Clock.systemUTC();
    return new TokenVerifier(
        issuer, audience, new SigningKeys(URI.create(jwksUrl), clock), clock, cacheSize);
  }

  public String jwksUrl() {
    return jwksUrl;
  }
}
