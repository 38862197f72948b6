package dev.backplane.runtime.tls;

import dev.backplane.runtime.LaunchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The development certificate {@code ./backplane up} serves HTTPS with: made once into the data
 * directory's {@code tls/} (an EC P-256 key and a self-signed certificate for {@code localhost} and
 * {@code 127.0.0.1}, by the JDK's keytool), and kept until a month before it expires. Three files:
 * {@value #KEYSTORE} (PKCS #12, for Payara), {@value #CERTIFICATE} (the certificate as PEM, for
 * clients to trust) and {@value #BUNDLE} (certificate and key as PEM, for HAProxy; readable by this
 * user only).
 */
public final class DevCertificate {

  public static final String KEYSTORE = "backplane-dev.p12";
  public static final String CERTIFICATE = "backplane-dev.crt";
  public static final String BUNDLE = "backplane-dev.pem";
  public static final String ALIAS = "backplane";

  /** A development keystore's password: it guards a certificate for localhost only. */
  public static final String PASSWORD = "backplane-dev";

  private static final int VALID_DAYS = 825;
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final Path folder;

  public DevCertificate(Path data) {
    this.folder = data.resolve("tls").toAbsolutePath();
  }

  public Path keystore() {
    return folder.resolve(KEYSTORE);
  }

  public Path certificate() {
    return folder.resolve(CERTIFICATE);
  }

  public Path bundle() {
    return folder.resolve(BUNDLE);
  }

  /** Makes the certificate unless a valid one is there; whether it made one. */
  public boolean ensure() {
    if (usable()) {
      return false;
    }
    try {
      Files.createDirectories(folder);
      Files.deleteIfExists(keystore());
      keytool(
          List.of(
              "-genkeypair",
              "-alias",
              ALIAS,
              "-keyalg",
              "EC",
              "-groupname",
              "secp256r1",
              "-sigalg",
              "SHA256withECDSA",
              "-validity",
              Integer.toString(VALID_DAYS),
              "-dname",
              "CN=localhost, O=Backplane development",
              "-ext",
              "SAN=dns:localhost,ip:127.0.0.1",
              "-keystore",
              keystore().toString(),
              "-storetype",
              "PKCS12",
              "-storepass",
              PASSWORD,
              "-keypass",
              PASSWORD));
      writePems();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the development certificate in " + folder, e);
    }
  }

  private boolean usable() {
    if (!Files.isRegularFile(keystore())
        || !Files.isRegularFile(certificate())
        || !Files.isRegularFile(bundle())) {
      return false;
    }
    try {
      var certificate = (X509Certificate) load().getCertificate(ALIAS);
      return certificate != null
          && certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
    } catch (IOException | GeneralSecurityException e) {
      return false; // unreadable: made anew
    }
  }

  private KeyStore load() throws IOException, GeneralSecurityException {
    var store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore())) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  /** The certificate alone, and with its key for HAProxy (PKCS #8), as PEM. */
  private void writePems() throws IOException {
    try {
      var store = load();
      var certificate = pem("CERTIFICATE", store.getCertificate(ALIAS).getEncoded());
      var key = pem("PRIVATE KEY", store.getKey(ALIAS, PASSWORD.toCharArray()).getEncoded());
      Files.writeString(certificate(), certificate, StandardCharsets.US_ASCII);
      Files.deleteIfExists(bundle());
      Files.createFile(
          bundle(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(bundle(), certificate + key, StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new LaunchException("the development keystore cannot be read: " + e.getMessage());
    }
  }

  private static String pem(String type, byte[] der) {
    var base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN "
        + type
        + "-----\n"
        + base64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void keytool(List<String> arguments) throws IOException {
    var command = new java.util.ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(arguments);
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new LaunchException("keytool could not make the development certificate: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while making the development certificate");
    }
  }

  /** A TLS context that trusts this certificate (and no other): for clients of this platform. */
  public javax.net.ssl.SSLContext trustingContext() {
    try {
      var trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      try (InputStream in = Files.newInputStream(certificate())) {
        trusted.setCertificateEntry(
            ALIAS,
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      var trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
      trust.init(trusted);
      var context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + certificate(), e);
    } catch (GeneralSecurityException e) {
      throw new LaunchException("the development certificate cannot be trusted: " + e.getMessage());
    }
  }
}
