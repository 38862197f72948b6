package dev.backplane.api.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issues tokens shaped like Keycloak's (realm roles in {@code groups}, audience backplane-api) and
 * serves its keys as a JWKS over HTTP on loopback, the way Keycloak does, including an encryption
 * key that verifiers must not pick for signatures. Crafted tokens (expired, tampered, unsigned)
 * cannot come from a real Keycloak; the system tests use real Keycloak tokens for the rest.
 */
public final class TestIssuer implements AutoCloseable {

  public static final String AUDIENCE = "backplane-api";
  public static final String CLIENT = "backplane-cli";

  private final RSAKey signingKey;
  private final RSAKey strangerKey;
  private final String jwks;
  private final AtomicInteger jwksRequests = new AtomicInteger();
  private HttpServer server;
  private int port;

  public TestIssuer() {
    try {
      signingKey =
          new RSAKeyGenerator(2048)
              .keyID("sig-" + UUID.randomUUID())
              .keyUse(KeyUse.SIGNATURE)
              .generate();
      var encryptionKey =
          new RSAKeyGenerator(2048)
              .keyID("enc-" + UUID.randomUUID())
              .keyUse(KeyUse.ENCRYPTION)
              .generate();
      strangerKey = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
      jwks = new JWKSet(List.of(encryptionKey.toPublicJWK(), signingKey.toPublicJWK())).toString();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    start(0);
  }

  /** Serves the JWKS (again), on the same port as before once it has had one. */
  public synchronized void start() {
    start(port);
  }

  private void start(int wanted) {
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/realms/backplane/protocol/openid-connect/certs",
        exchange -> {
          jwksRequests.incrementAndGet();
          var body = jwks.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  /** Stops serving the JWKS, as when Keycloak is down. */
  public synchronized void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    stop();
  }

  public String issuer() {
    return "http://127.0.0.1:" + port + "/realms/backplane";
  }

  public String jwksLocation() {
    return issuer() + "/protocol/openid-connect/certs";
  }

  /** MicroProfile Config lines that make a deployment trust this issuer. */
  public String mpConfig() {
    return "backplane.auth.issuer="
        + issuer()
        + "\n"
        + "backplane.auth.jwks-url="
        + jwksLocation()
        + "\n"
        + "backplane.auth.audience="
        + AUDIENCE
        + "\n";
  }

  public JWTClaimsSet.Builder claims(String username, String... roles) {
    var now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject(UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString())
        .audience(AUDIENCE)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .jwtID(UUID.randomUUID().toString())
        .claim("typ", "Bearer")
        .claim("azp", CLIENT)
        .claim("preferred_username", username)
        .claim("groups", List.of(roles));
  }

  public String token(String username, String... roles) {
    return sign(claims(username, roles).build(), signingKey);
  }

  public String sign(JWTClaimsSet claims) {
    return sign(claims, signingKey);
  }

  /** Signed with a key the issuer does not publish, under the kid of the one it does. */
  public String signedByStranger(JWTClaimsSet claims) {
    return sign(claims, strangerKey);
  }

  /** Signed by the published key, but naming a key id the JWKS does not have. */
  public String signedWithKeyId(String keyId, JWTClaimsSet claims) {
    return sign(claims, new RSAKey.Builder(signingKey).keyID(keyId).build());
  }

  /** How often the JWKS has been fetched. */
  public int jwksRequests() {
    return jwksRequests.get();
  }

  /** {@code alg: none}: no signature at all. */
  public String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  /** A validly signed token whose payload was changed afterwards (more roles). */
  public String tampered(String username, String... rolesClaimedLater) {
    var genuine = token(username);
    var parts = genuine.split("\\.");
    var forged = claims(username, rolesClaimedLater).build().toString();
    return parts[0] + "." + Base64URL.encode(forged) + "." + parts[2];
  }

  private static String sign(JWTClaimsSet claims, RSAKey key) {
    try {
      var jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
