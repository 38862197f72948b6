package dev.backplane.api.gateway.control;

import dev.backplane.api.cluster.control.CacheContainer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

/**
 * Answers of routes that keep them ({@link dev.backplane.api.gateway.entity.RouteCache}), in the
 * two levels the collections use: a small near cache on each instance ({@value #NEAR}) in front of
 * the cluster's distributed one ({@value #SHARED}, each answer on two instances), both expiring
 * each answer at its own time to live. An answer is kept as bytes (status, headers, body), so a
 * bounded count of them is bounded memory: at most {@code backplane.gateway.cache-max-body-bytes}
 * of body each.
 */
@ApplicationScoped
public class ResponseCache {

  private static final Logger LOG = Logger.getLogger(ResponseCache.class.getName());
  static final String NEAR = "gateway-responses-near";
  static final String SHARED = "gateway-responses";

  @Inject CacheContainer container;

  /** An answer as kept: its status, headers and body, and when it was kept (epoch millis). */
  public record Kept(
      int status, List<Map.Entry<String, String>> headers, byte[] body, long keptAt) {

    /** Seconds since it was kept, for the {@code Age} header. */
    public long ageSeconds() {
      return Math.max(0, (System.currentTimeMillis() - keptAt) / 1000);
    }
  }

  /** The answer kept under this key, from the nearest level that has it; null for none. */
  public Kept find(String key) {
    try {
      var near = near().get(key);
      if (near != null) {
        return decode(near);
      }
      var entry = shared().getAdvancedCache().getCacheEntry(key);
      if (entry == null) {
        return null;
      }
      long left = entry.getLifespan() < 0 ? -1 : entry.getCreated() + entry.getLifespan() - now();
      if (left > 0) {
        near().put(key, entry.getValue(), left, TimeUnit.MILLISECONDS);
      }
      return decode(entry.getValue());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Kept answers cannot be read now", e);
      return null;
    }
  }

  /** Keeps an answer in both levels for this long. */
  public void keep(String key, Kept answer, long ttlSeconds) {
    var bytes = encode(answer);
    try {
      near().put(key, bytes, ttlSeconds, TimeUnit.SECONDS);
      shared()
          .getAdvancedCache()
          .withFlags(Flag.IGNORE_RETURN_VALUES)
          .put(key, bytes, ttlSeconds, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "An answer cannot be kept now", e);
    }
  }

  /**
   * The seconds an answer may be kept, at most {@code ttl}: its {@code s-maxage} or {@code max-age}
   * when shorter; 0 when it must not be kept at all.
   *
   * @param shared whether callers share it (then {@code private} answers are not kept)
   */
  public static long keepFor(
      int status, List<Map.Entry<String, String>> headers, long ttl, boolean shared) {
    if (status != 200) {
      return 0;
    }
    long seconds = ttl;
    Long maxAge = null;
    Long sharedMaxAge = null;
    for (var header : headers) {
      var name = header.getKey().toLowerCase(Locale.ROOT);
      var value = header.getValue().toLowerCase(Locale.ROOT);
      switch (name) {
        case "set-cookie" -> {
          return 0;
        }
        case "vary" -> {
          for (var field : value.split(",")) {
            if (!field.trim().equals("accept-encoding")) {
              return 0;
            }
          }
        }
        case "cache-control" -> {
          for (var directive : value.split(",")) {
            var d = directive.trim();
            if (d.equals("no-store") || d.equals("no-cache") || (shared && d.equals("private"))) {
              return 0;
            }
            if (d.startsWith("max-age=")) {
              maxAge = seconds(d.substring(8));
            } else if (d.startsWith("s-maxage=")) {
              sharedMaxAge = seconds(d.substring(9));
            }
          }
        }
        default -> {
          // other headers do not matter
        }
      }
    }
    var said = sharedMaxAge != null && shared ? sharedMaxAge : maxAge;
    if (said != null) {
      seconds = Math.min(seconds, said);
    }
    return Math.max(0, seconds);
  }

  private static Long seconds(String value) {
    try {
      return Long.parseLong(value.replace("\"", "").trim());
    } catch (NumberFormatException e) {
      return 0L; // a malformed age: treat as stale
    }
  }

  private static byte[] encode(Kept answer) {
    var bytes = new ByteArrayOutputStream(answer.body().length + 512);
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(answer.status());
      out.writeLong(answer.keptAt());
      out.writeInt(answer.headers().size());
      for (var header : answer.headers()) {
        out.writeUTF(header.getKey());
        out.writeUTF(header.getValue());
      }
      out.writeInt(answer.body().length);
      out.write(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Kept decode(byte[] bytes) {
    try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int status = in.readInt();
      long keptAt = in.readLong();
      int count = in.readInt();
      var headers = new ArrayList<Map.Entry<String, String>>(count);
      for (int i = 0; i < count; i++) {
        headers.add(Map.entry(in.readUTF(), in.readUTF()));
      }
      var body = in.readNBytes(in.readInt());
      return new Kept(status, headers, body, keptAt);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  // looked up on each use: the container keeps them, and they may be restarted with it
  private Cache<String, byte[]> near() {
    return container.manager().getCache(NEAR);
  }

  private Cache<String, byte[]> shared() {
    return container.manager().getCache(SHARED);
  }
}
