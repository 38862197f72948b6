package dev.backplane.api.webhooks.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing as the Standard Webhooks specification says: the secret is {@code whsec_} and base64 of
 * its key; the signature of a message is {@code v1,} and base64 of HMAC-SHA256 over {@code
 * <webhook-id>.<webhook-timestamp>.<body>}.
 */
public final class StandardWebhooks {

  private static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private StandardWebhooks() {}

  /** A new secret: 32 random bytes. */
  public static String newSecret() {
    var key = new byte[32];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** Whether a secret decodes to a key of 24 to 64 bytes. */
  public static boolean valid(String secret) {
    try {
      int length = key(secret).length;
      return length >= 24 && length <= 64;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static String signature(String secret, String id, long timestamp, String body) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      var signed =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  private static byte[] key(String secret) {
    return Base64.getDecoder()
        .decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
  }
}
