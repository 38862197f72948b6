package dev.backplane.console.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console as an OpenID Connect client of Keycloak (public client, authorization code with PKCE
 * S256): builds the login and logout addresses, exchanges and refreshes tokens, validates ID
 * tokens.
 */
@ApplicationScoped
public class OidcClient {

  private static final int TIMEOUT_MS = 5_000;

  @Inject
  @ConfigProperty(name = "backplane.console.issuer")
  String issuer;

  @Inject
  @ConfigProperty(name = "backplane.console.client-id")
  String clientId;

  @Inject
  @ConfigProperty(name = "backplane.console.base-url")
  String baseUrl;

  @Inject
  @ConfigProperty(name = "backplane.console.https-base-url")
  Optional<String> httpsBaseUrl;

  private volatile ConsoleAddresses addresses;
  private OIDCProviderMetadata provider;
  private IDTokenValidator idTokenValidator;

  /** The console's public addresses (its base address, and its HTTPS one if it has one). */
  ConsoleAddresses addresses() {
    var known = addresses;
    if (known == null) {
      known = ConsoleAddresses.of(baseUrl, httpsBaseUrl);
      addresses = known;
    }
    return known;
  }

  /**
   * The console's public address this request is at, without a trailing '/': e.g.
   * http://localhost:8080/console, or https://localhost:8443/console for a browser on HTTPS.
   */
  public String baseFor(HttpServletRequest request) {
    return addresses().baseFor(requestUrl(request));
  }

  /** Where the browser sent this request ({@link ConsoleAddresses#requestUrl}). */
  static String requestUrl(HttpServletRequest request) {
    return ConsoleAddresses.requestUrl(
        request.getScheme(),
        request.getHeader("Host"),
        request.getRequestURI(),
        request.getRequestURL().toString());
  }

  private static URI callbackUri(String base) {
    return URI.create(base + KeycloakLoginMechanism.CALLBACK_PATH);
  }

  /** Keycloak's endpoints, read once from its discovery document (retried until it answers). */
  private synchronized OIDCProviderMetadata provider() throws OidcException {
    if (provider == null) {
      try {
        var metadata = OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MS, TIMEOUT_MS);
        idTokenValidator =
            new IDTokenValidator(
                metadata.getIssuer(),
                new ClientID(clientId),
                JWSAlgorithm.RS256,
                metadata.getJWKSetURI().toURL());
        provider = metadata;
      } catch (GeneralException | IOException e) {
        throw new OidcException("Keycloak's discovery document cannot be read at " + issuer, e);
      }
    }
    return provider;
  }

  /** Keycloak's login page for a login that comes back to the console at this base address. */
  URI authorizationRequest(String base, State state, Nonce nonce, CodeVerifier verifier)
      throws OidcException {
    return new AuthenticationRequest.Builder(
            ResponseType.CODE,
            new Scope("openid", "profile", "email"),
            new ClientID(clientId),
            callbackUri(base))
        .endpointURI(provider().getAuthorizationEndpointURI())
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /**
   * Exchanges the code Keycloak sent to the callback at this base address for tokens, and returns
   * the login, after validating the ID token.
   */
  ConsoleLogin redeem(String base, AuthorizationCode code, PendingLogin pending)
      throws OidcException {
    var grant =
        new AuthorizationCodeGrant(
            code, callbackUri(base), new CodeVerifier(pending.codeVerifier()));
    var answer = requestTokens(grant);
    try {
      var idToken = answer.getOIDCTokens().getIDToken();
      IDTokenClaimsSet claims;
      synchronized (this) {
        claims = idTokenValidator.validate(idToken, new Nonce(pending.nonce()));
      }
      List<String> groups = claims.getStringListClaim("groups");
      return new ConsoleLogin(
          claims.getStringClaim("preferred_username"),
          groups == null ? new HashSet<>() : new HashSet<>(groups),
          tokens(answer));
    } catch (BadJOSEException | com.nimbusds.jose.JOSEException e) {
      throw new OidcException("Keycloak's ID token did not validate", e);
    }
  }

  /** New tokens for a login whose access token is about to expire. */
  void refresh(ConsoleLogin login) throws OidcException {
    var refreshToken = login.refreshToken();
    if (refreshToken == null) {
      throw new OidcException("no refresh token", null);
    }
    login.update(tokens(requestTokens(new RefreshTokenGrant(new RefreshToken(refreshToken)))));
  }

  /** Keycloak's logout, coming back to the signed-out page at this base address. */
  URI logoutRequest(String base, String idToken) throws OidcException {
    try {
      return new LogoutRequest(
              provider().getEndSessionEndpointURI(),
              idToken == null ? null : JWTParser.parse(idToken),
              URI.create(base + KeycloakLoginMechanism.SIGNED_OUT_PATH),
              null)
          .toURI();
    } catch (java.text.ParseException e) {
      throw new OidcException("the ID token cannot be parsed", e);
    }
  }

  private OIDCTokenResponse requestTokens(AuthorizationGrant grant) throws OidcException {
    try {
      var request =
          new TokenRequest.Builder(provider().getTokenEndpointURI(), new ClientID(clientId), grant)
              .build()
              .toHTTPRequest();
      request.setConnectTimeout(TIMEOUT_MS);
      request.setReadTimeout(TIMEOUT_MS);
      var response = OIDCTokenResponseParser.parse(request.send());
      if (!response.indicatesSuccess()) {
        throw new OidcException(
            "Keycloak refused the token request: "
                + response.toErrorResponse().getErrorObject().getCode(),
            null);
      }
      return (OIDCTokenResponse) response.toSuccessResponse();
    } catch (ParseException | IOException e) {
      throw new OidcException("Keycloak's token endpoint did not answer properly", e);
    }
  }

  private static ConsoleLogin.Tokens tokens(OIDCTokenResponse answer) {
    var tokens = answer.getOIDCTokens();
    return new ConsoleLogin.Tokens(
        tokens.getAccessToken().getValue(),
        tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(),
        tokens.getIDTokenString(),
        Instant.now().plusSeconds(tokens.getAccessToken().getLifetime()));
  }

  /** A login step that failed: Keycloak unreachable, a refused grant, an invalid token. */
  public static final class OidcException extends Exception {
    OidcException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
