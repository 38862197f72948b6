package dev.backplane.api.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where webhooks may be sent: public addresses only, unless {@code backplane.webhooks.allow} lets
 * loopback or private ones (the development launcher allows loopback). Checked when an endpoint is
 * registered and again, on the addresses its host resolves to then, before each delivery: an
 * endpoint whose name later resolves inward is refused too.
 */
@ApplicationScoped
public class WebhookTargets {

  @Inject
  @ConfigProperty(name = "backplane.webhooks.allow", defaultValue = " ")
  String allow;

  private Set<String> allowed() {
    return Arrays.stream(allow.split(","))
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }

  /** Why a URL may not be a target, or empty when it may. */
  public Optional<String> refusal(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Optional.of("is not a URL");
    }
    var host = uri.getHost();
    if (host == null || uri.getUserInfo() != null) {
      return Optional.of("must name a host, without user information");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Optional.of("names a host that does not resolve");
    }
    var allowed = allowed();
    for (var address : addresses) {
      var kind = kind(address);
      if (kind != null && !allowed.contains(kind)) {
        return Optional.of(
            "resolves to a "
                + kind
                + " address ("
                + address.getHostAddress()
                + "), which webhooks may not reach here");
      }
    }
    return Optional.empty();
  }

  /**
   * {@code loopback}, {@code private} (site, link and unique local, shared, unspecified, reserved,
   * multicast), or null for a public address. An IPv4 address carried inside an IPv6 one (NAT64's
   * 64:ff9b::/96, 6to4's 2002::/16, the old IPv4-compatible ::/96) is judged as that IPv4 address;
   * Teredo (2001::/32, which hides its IPv4 address) is refused as private.
   */
  static String kind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isAnyLocalAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isMulticastAddress()) {
      return "private";
    }
    var bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      var embedded = embeddedIpv4(bytes);
      if (embedded != null) {
        return kind(embedded);
      }
      if ((bytes[0] & 0xfe) == 0xfc) {
        return "private"; // fc00::/7, unique local
      }
      if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0 && bytes[3] == 0) {
        return "private"; // 2001::/32, Teredo
      }
      return null;
    }
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    if (first == 0 // 0.0.0.0/8, this network
        || (first == 100 && (second & 0xc0) == 64) // 100.64.0.0/10, shared address space
        || (first == 192 && second == 0 && bytes[2] == 0) // 192.0.0.0/24, protocol assignments
        || (first == 198 && (second & 0xfe) == 18) // 198.18.0.0/15, benchmarking
        || first >= 240) { // 240.0.0.0/4, reserved, and the broadcast address
      return "private";
    }
    return null;
  }

  /** The IPv4 address an IPv6 address carries, when it is of a kind that carries one. */
  private static InetAddress embeddedIpv4(byte[] bytes) {
    int from = -1;
    if (zero(bytes, 0, 12)) {
      from = 12; // ::a.b.c.d, IPv4-compatible (:: and ::1 are judged before)
    } else if (bytes[0] == 0
        && bytes[1] == 0x64
        && (bytes[2] & 0xff) == 0xff
        && (bytes[3] & 0xff) == 0x9b
        && zero(bytes, 4, 12)) {
      from = 12; // 64:ff9b::/96, NAT64
    } else if (bytes[0] == 0x20 && bytes[1] == 0x02) {
      from = 2; // 2002::/16, 6to4
    }
    if (from < 0) {
      return null;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(bytes, from, from + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  private static boolean zero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
