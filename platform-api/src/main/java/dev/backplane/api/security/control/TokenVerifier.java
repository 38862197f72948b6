package dev.backplane.api.security.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import dev.backplane.api.security.entity.VerifiedToken;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies Keycloak access tokens: RS256 only, signed by a key of the realm's JWKS (by key id), the
 * configured issuer, the API among the audiences, a Bearer token (not an ID token), not expired.
 *
 * <p>A verified token is remembered, by its exact text, until it expires: a client sends the same
 * token with every call for minutes, and verifying it again each time cost the API most of its CPU
 * (BENCHMARKS.md). A changed token is a different text and is verified anew.
 */
public class TokenVerifier {

  /** Tolerated clock difference between Keycloak and this instance. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private final String issuer;
  private final String audience;
  private final SigningKeys keys;
  private final Clock clock;
  private final Cache<String, VerifiedToken> verified;

  public TokenVerifier(
      String issuer, String audience, SigningKeys keys, Clock clock, long cacheSize) {
    this.issuer = issuer;
    this.audience = audience;
    this.keys = keys;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(cacheSize)
            .expireAfter(
                Expiry.creating((String token, VerifiedToken claims) -> untilExpiry(claims)))
            .executor(Runnable::run)
            .build();
  }

  public VerifiedToken verify(String token) throws InvalidTokenException {
    var known = verified.getIfPresent(token);
    if (known != null && clock.instant().isBefore(known.expiresAt().plus(CLOCK_SKEW))) {
      return known;
    }
    var fresh = verifyAnew(token);
    verified.put(token, fresh);
    return fresh;
  }

  private VerifiedToken verifyAnew(String token) throws InvalidTokenException {
    try {
      var jwt = SignedJWT.parse(token);
      var header = jwt.getHeader();
      if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
        throw new InvalidTokenException("algorithm " + header.getAlgorithm() + " is not accepted");
      }
      if (header.getKeyID() == null) {
        throw new InvalidTokenException("the token names no signing key");
      }
      if (!jwt.verify(keys.verifier(header.getKeyID()))) {
        throw new InvalidTokenException("the signature does not match");
      }
      var claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer())) {
        throw new InvalidTokenException("issuer " + claims.getIssuer() + " is not " + issuer);
      }
      if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
        throw new InvalidTokenException(
            "the audience " + claims.getAudience() + " lacks " + audience);
      }
      var now = clock.instant();
      if (claims.getExpirationTime() == null
          || now.isAfter(claims.getExpirationTime().toInstant().plus(CLOCK_SKEW))) {
        throw new InvalidTokenException("the token expired at " + claims.getExpirationTime());
      }
      if (claims.getNotBeforeTime() != null
          && now.isBefore(claims.getNotBeforeTime().toInstant().minus(CLOCK_SKEW))) {
        throw new InvalidTokenException(
            "the token is not valid before " + claims.getNotBeforeTime());
      }
      var type = claims.getStringClaim("typ");
      if (type != null && !"Bearer".equalsIgnoreCase(type)) {
        throw new InvalidTokenException("a " + type + " token is not an access token");
      }
      List<String> groups = claims.getStringListClaim("groups");
      var username = claims.getStringClaim("preferred_username");
      return new VerifiedToken(
          claims.getSubject(),
          username != null ? username : claims.getSubject(),
          claims.getStringClaim("azp"),
          groups == null ? Set.of() : Set.copyOf(new HashSet<>(groups)),
          claims.getExpirationTime().toInstant(),
          claims.getClaims());
    } catch (ParseException e) {
      throw new InvalidTokenException("the token is not a signed JWT", e);
    } catch (JOSEException e) {
      throw new InvalidTokenException("the signature cannot be checked", e);
    }
  }

  private Duration untilExpiry(VerifiedToken token) {
    var left = Duration.between(clock.instant(), token.expiresAt().plus(CLOCK_SKEW));
    return left.isNegative() ? Duration.ZERO : left;
  }
}
