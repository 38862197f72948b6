package dev.backplane.api.security.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.backplane.api.security.entity.VerifiedToken;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
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

  private final SigningKeys keys;
  private final Clock clock;
  private final Cache<String, VerifiedToken> verified;
  private final ClaimsVerifier claimsVerifier;

  public TokenVerifier(
      String issuer, String audience, SigningKeys keys, Clock clock, long cacheSize) {
    this.keys = keys;
    this.clock = clock;
    this.claimsVerifier = new ClaimsVerifier(issuer, audience, clock);
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

  /**
   * Nimbus' JWT processor: the signature by the key the token names, then the claims (issuer,
   * audience, expiry and not-before within the clock skew, an access token). Two refusals come
   * first, for their clear reasons: another algorithm than RS256, and no key id.
   */
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
      var key = keys.key(header.getKeyID());
      var claims = processor(key).process(jwt, null);
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
    } catch (BadJOSEException e) {
      throw new InvalidTokenException(e.getMessage(), e);
    } catch (JOSEException e) {
      throw new InvalidTokenException("the signature cannot be checked", e);
    }
  }

  private JWTProcessor<SecurityContext> processor(RSAPublicKey key) {
    var processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector((header, context) -> List.of(key));
    processor.setJWTClaimsSetVerifier(claimsVerifier);
    return processor;
  }

  /**
   * Issuer exact, the API among the audiences, an expiry required; time read from the verifier's
   * clock. Keycloak's {@code typ} claim, when present, must say an access token ({@code Bearer}),
   * not an ID token.
   */
  private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final Clock clock;

    ClaimsVerifier(String issuer, String audience, Clock clock) {
      super(audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"));
      setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
      this.clock = clock;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      super.verify(claims, context);
      var type = claims.getClaim("typ");
      if (type != null && !"Bearer".equalsIgnoreCase(type.toString())) {
        throw new BadJWTException("a " + type + " token is not an access token");
      }
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }
  }

  private Duration untilExpiry(VerifiedToken token) {
    var left = Duration.between(clock.instant(), token.expiresAt().plus(CLOCK_SKEW));
    return left.isNegative() ? Duration.ZERO : left;
  }
}
