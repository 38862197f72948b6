package dev.backplane.api.security.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backplane.api.testing.TestIssuer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Real RS256 tokens and a real JWKS over HTTP; only the clock is ours to move. */
class TokenVerifierTest {

  static final TestIssuer ISSUER = new TestIssuer();

  @AfterAll
  static void stopIssuer() {
    ISSUER.close();
  }

  private final MutableClock clock = new MutableClock(Instant.now());

  private TokenVerifier verifier() {
    var keys = new SigningKeys(URI.create(ISSUER.jwksLocation()), clock);
    return new TokenVerifier(ISSUER.issuer(), TestIssuer.AUDIENCE, keys, clock, 100);
  }

  @Test
  void acceptsAGenuineTokenAndReadsWhoCalls() throws Exception {
    var token = verifier().verify(ISSUER.token("alice", "api-user", "offline_access"));

    assertThat(token.username()).isEqualTo("alice");
    assertThat(token.client()).isEqualTo(TestIssuer.CLIENT);
    assertThat(token.groups()).containsExactlyInAnyOrder("api-user", "offline_access");
  }

  @Test
  void remembersAVerifiedTokenUntilItExpires() throws Exception {
    var verifier = verifier();
    var token = ISSUER.token("alice", "api-user");
    verifier.verify(token);

    ISSUER.stop(); // no JWKS any more: only the remembered verification can answer
    try {
      assertThat(verifier.verify(token).username()).isEqualTo("alice");
      clock.advance(Duration.ofMinutes(6));
      assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    } finally {
      ISSUER.start();
    }
  }

  @Test
  void refusesExpiredTokensBeyondTheClockSkew() throws Exception {
    var token = ISSUER.token("alice", "api-user");
    clock.advance(Duration.ofMinutes(5).plus(TokenVerifier.CLOCK_SKEW).plusSeconds(1));

    assertThatThrownBy(() -> verifier().verify(token)).hasMessageContaining("Expired JWT");
  }

  @Test
  void refusesOtherIssuersAudiencesAndIdTokens() {
    var otherIssuer =
        ISSUER.sign(
            ISSUER.claims("alice", "api-user").issuer("http://127.0.0.1:1/realms/x").build());
    var otherAudience =
        ISSUER.sign(ISSUER.claims("alice", "api-user").audience("another-api").build());
    var idToken = ISSUER.sign(ISSUER.claims("alice", "api-user").claim("typ", "ID").build());

    assertThatThrownBy(() -> verifier().verify(otherIssuer)).hasMessageContaining("iss claim");
    assertThatThrownBy(() -> verifier().verify(otherAudience)).hasMessageContaining("aud claim");
    assertThatThrownBy(() -> verifier().verify(idToken))
        .hasMessageContaining("not an access token");
  }

  @Test
  void refusesForgedTokens() {
    var claims = ISSUER.claims("alice", "platform-admin").build();

    assertThatThrownBy(() -> verifier().verify(ISSUER.unsigned(claims)))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> verifier().verify(ISSUER.signedByStranger(claims)))
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> verifier().verify(ISSUER.tampered("alice", "platform-admin")))
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> verifier().verify("not.a.jwt"))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void tokenWithAnUnknownKeyIdIsRefusedWithoutFloodingKeycloak() throws Exception {
    var verifier = verifier();
    verifier.verify(ISSUER.token("alice", "api-user"));
    var unknownKey =
        ISSUER.signedWithKeyId("no-such-key", ISSUER.claims("alice", "api-user").build());

    assertThatThrownBy(() -> verifier.verify(unknownKey)).hasMessageContaining("no signing key");
    int fetches = ISSUER.jwksRequests();
    assertThatThrownBy(() -> verifier.verify(unknownKey)).hasMessageContaining("no signing key");
    assertThat(ISSUER.jwksRequests()).as("refetched within the back-off").isEqualTo(fetches);
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
