package dev.backplane.console.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Logins under way, kept by the browser, not by the server: each in a cookie of its own, named by
 * the login's state, encrypted and authenticated (AES-GCM, with a key this instance made at start
 * and never shares). An anonymous visitor thus creates no session and no server state at all, and a
 * flood of them cannot fill the heap. The cookie goes only to the callback, for ten minutes; a
 * callback on another instance, or after a restart, cannot read it and starts a new login (HAProxy
 * keeps a browser on one instance by its own cookie).
 */
@ApplicationScoped
public class PendingLogins {

  static final Duration LIFETIME = Duration.ofMinutes(10);

  /** A longer page to come back to is replaced by the console's start (bounds the cookie). */
  static final int MAX_RETURN_LENGTH = 512;

  private static final String PREFIX = "backplane-login-";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecureRandom random = new SecureRandom();
  private SecretKey key;

  @PostConstruct
  void createKey() {
    try {
      var generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available", e);
    }
  }

  /** Hands the login to the browser, until its callback. */
  void keep(
      String state, PendingLogin login, HttpServletRequest request, HttpServletResponse response) {
    var cookie = new Cookie(PREFIX + state, seal(state, login));
    cookie.setMaxAge((int) LIFETIME.toSeconds());
    configure(cookie, request);
    response.addCookie(cookie);
  }

  /** The login of this state, if the browser sent it back in time; its cookie is dropped. */
  Optional<PendingLogin> take(
      String state, HttpServletRequest request, HttpServletResponse response) {
    var name = PREFIX + state;
    var cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (var cookie : cookies) {
      if (cookie.getName().equals(name)) {
        var gone = new Cookie(name, "");
        gone.setMaxAge(0);
        configure(gone, request);
        response.addCookie(gone);
        return open(state, cookie.getValue())
            .filter(login -> login.expiresAt() > System.currentTimeMillis());
      }
    }
    return Optional.empty();
  }

  /** The page a login started on, if it is short enough to carry; else the console's start. */
  static String returnTo(HttpServletRequest request) {
    var query = request.getQueryString();
    var page = request.getRequestURI() + (query == null ? "" : "?" + query);
    return page.length() <= MAX_RETURN_LENGTH ? page : request.getContextPath() + "/";
  }

  private static void configure(Cookie cookie, HttpServletRequest request) {
    cookie.setPath(request.getContextPath() + KeycloakLoginMechanism.CALLBACK_PATH);
    cookie.setHttpOnly(true);
    cookie.setSecure(request.isSecure());
    // Keycloak's redirect back is a top-level navigation from another site: Lax cookies go along
    cookie.setAttribute("SameSite", "Lax");
  }

  private String seal(String state, PendingLogin login) {
    var text =
        String.join(
            "\n",
            login.nonce(),
            login.codeVerifier(),
            Long.toString(login.expiresAt()),
            login.returnTo());
    try {
      var iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      // bound to its state: a cookie cannot be replayed under another login's name
      cipher.updateAAD(state.getBytes(StandardCharsets.US_ASCII));
      var sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
      var whole = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
      return Base64.getUrlEncoder().withoutPadding().encodeToString(whole);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot seal a pending login", e);
    }
  }

  private Optional<PendingLogin> open(String state, String value) {
    try {
      var whole = Base64.getUrlDecoder().decode(value);
      if (whole.length <= IV_BYTES) {
        return Optional.empty();
      }
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, whole, 0, IV_BYTES));
      cipher.updateAAD(state.getBytes(StandardCharsets.US_ASCII));
      var text =
          new String(
              cipher.doFinal(whole, IV_BYTES, whole.length - IV_BYTES), StandardCharsets.UTF_8);
      var parts = text.split("\n", 4);
      return Optional.of(new PendingLogin(parts[0], parts[1], parts[3], Long.parseLong(parts[2])));
    } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
      // another instance's, an older key's, or tampered with
      return Optional.empty();
    }
  }
}
