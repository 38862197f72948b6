package dev.backplane.api.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
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
   * {@code loopback}, {@code private} (site, link and unique local, shared, unspecified), or null.
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
    if (address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64) {
      return "private"; // 100.64.0.0/10, shared address space
    }
    if (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc) {
      return "private"; // fc00::/7, unique local
    }
    return null;
  }
}
