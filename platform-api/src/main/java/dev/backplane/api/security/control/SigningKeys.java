package dev.backplane.api.security.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keycloak's signing keys, fetched from its JWKS and kept by key id. The set is fetched again when
 * it is old (in the background), or when a token names a key id it does not hold (Keycloak rotated
 * its keys), at most once per {@link #REFETCH_AT_MOST}, so unknown key ids cannot make us flood
 * Keycloak. Encryption keys (use=enc) of the same JWKS are never used to verify signatures.
 */
public class SigningKeys {

  static final Duration MAX_AGE = Duration.ofMinutes(10);
  static final Duration REFETCH_AT_MOST = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final URI jwksLocation;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private volatile Map<String, RSAPublicKey> keys = Map.of();
  private volatile Instant fetchedAt = Instant.MIN;
  private Instant lastAttempt = Instant.MIN;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  public SigningKeys(URI jwksLocation, Clock clock) {
    this.jwksLocation = jwksLocation;
    this.clock = clock;
  }

  /**
   * The RS256 signing key of this id. A known key is used at once, even when the set is old (it is
   * fetched anew in the background): a slow or frozen Keycloak never holds a request whose token's
   * key is known. Only an unknown key id waits for a fetch.
   */
  public RSAPublicKey key(String keyId) throws InvalidTokenException {
    var known = keys.get(keyId);
    if (known != null) {
      if (!clock.instant().isBefore(fetchedAt.plus(MAX_AGE))) {
        refreshInBackground();
      }
      return known;
    }
    return refetch()
        .map(fresh -> fresh.get(keyId))
        .orElseThrow(() -> new InvalidTokenException("no signing key with id " + keyId));
  }

  private void refreshInBackground() {
    if (refreshing.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .name("backplane-jwks-refresh")
          .start(
              () -> {
                try {
                  refetch();
                } catch (InvalidTokenException e) {
                  // Keycloak does not answer: the known keys stay in use, tried again later
                } finally {
                  refreshing.set(false);
                }
              });
    }
  }

  /** Fetches the JWKS unless that was tried very recently; empty when it was not fetched now. */
  private synchronized Optional<Map<String, RSAPublicKey>> refetch() throws InvalidTokenException {
    var now = clock.instant();
    if (now.isBefore(lastAttempt.plus(REFETCH_AT_MOST))) {
      return Optional.of(keys);
    }
    lastAttempt = now;
    try {
      var response =
          http.send(
              HttpRequest.newBuilder(jwksLocation).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new InvalidTokenException("the JWKS answered " + response.statusCode());
      }
      var fresh = new HashMap<String, RSAPublicKey>();
      for (var key : JWKSet.parse(response.body()).getKeys()) {
        boolean signs = key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse());
        boolean rs256 = key.getAlgorithm() == null || JWSAlgorithm.RS256.equals(key.getAlgorithm());
        if (key instanceof RSAKey rsa && signs && rs256 && rsa.getKeyID() != null) {
          fresh.put(rsa.getKeyID(), rsa.toRSAPublicKey());
        }
      }
      keys = Map.copyOf(fresh);
      fetchedAt = now;
      return Optional.of(keys);
    } catch (IOException | ParseException | JOSEException e) {
      throw new InvalidTokenException("the JWKS cannot be fetched from " + jwksLocation, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidTokenException("interrupted while fetching the JWKS", e);
    }
  }
}
