package dev.backplane.api.ratelimit.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} is believed (the load balancer, an ingress), as
 * networks ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1/128}), and the client address of a
 * request seen through them.
 *
 * <p>The client is found by walking {@code X-Forwarded-For} from the right (the hop nearest to us)
 * while each hop is trusted: the first address a trusted hop vouches for that is not itself trusted
 * is the client. A client cannot choose its own address by sending the header: whatever it writes
 * stays to the left of what the trusted proxies add. Only IP literals are read, never a name (no
 * DNS lookup per request).
 */
public final class TrustedProxies {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  private static final Pattern IPV4_WITH_PORT =
      Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");
  private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9a-fA-F:.]+)](?::\\d+)?");

  private record Network(byte[] address, int prefix) {
    boolean contains(byte[] candidate) {
      if (candidate.length != address.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((candidate[bit / 8] & mask) != (address[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Network> networks;

  private TrustedProxies(List<Network> networks) {
    this.networks = List.copyOf(networks);
  }

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  /**
   * @param networks addresses or CIDR networks, e.g. {@code 10.0.0.0/8, 127.0.0.1}
   * @throws IllegalArgumentException naming the first entry that is not one
   */
  public static TrustedProxies of(List<String> networks) {
    var parsed = new ArrayList<Network>();
    for (var entry : networks) {
      var text = entry.strip();
      if (text.isEmpty()) {
        continue;
      }
      int slash = text.indexOf('/');
      var address =
          literal(slash < 0 ? text : text.substring(0, slash))
              .orElseThrow(
                  () -> new IllegalArgumentException("not an IP address or network: " + entry));
      int bits = address.length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IP address or network: " + entry);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("not an IP address or network: " + entry);
      }
      parsed.add(new Network(address, prefix));
    }
    return new TrustedProxies(parsed);
  }

  public boolean trusts(String address) {
    return literal(address).map(this::trusts).orElse(false);
  }

  private boolean trusts(byte[] address) {
    return networks.stream().anyMatch(network -> network.contains(normalize(address)));
  }

  /**
   * The client's address.
   *
   * @param peer the address of whoever connected to us
   * @param forwardedFor the {@code X-Forwarded-For} fields in order (empty when none)
   */
  public String client(String peer, List<String> forwardedFor) {
    if (!trusts(peer)) {
      return peer;
    }
    var hops = new ArrayList<String>();
    for (var field : forwardedFor) {
      for (var hop : field.split(",")) {
        hops.add(hop.strip());
      }
    }
    var client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      var hop = hopAddress(hops.get(i));
      if (hop.isEmpty()) {
        // a trusted proxy passed on something that is no address: go no further than it
        return client;
      }
      client = hop.get();
      if (!trusts(client)) {
        return client;
      }
    }
    return client;
  }

  /** A hop of X-Forwarded-For: an address, possibly with a port or in brackets. */
  private static Optional<String> hopAddress(String hop) {
    var v4 = IPV4_WITH_PORT.matcher(hop);
    if (v4.matches()) {
      hop = v4.group(1);
    }
    var v6 = BRACKETED_IPV6.matcher(hop);
    if (v6.matches()) {
      hop = v6.group(1);
    }
    var text = hop;
    return literal(text).map(address -> text);
  }

  /** The bytes of an IP literal; empty for anything else (never resolved as a name). */
  private static Optional<byte[]> literal(String text) {
    if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(normalize(InetAddress.getByName(text).getAddress()));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) as the IPv4 address it is. */
  private static byte[] normalize(byte[] address) {
    if (address.length == 16) {
      boolean mapped = address[10] == (byte) 0xff && address[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = address[i] == 0;
      }
      if (mapped) {
        return new byte[] {address[12], address[13], address[14], address[15]};
      }
    }
    return address;
  }
}
