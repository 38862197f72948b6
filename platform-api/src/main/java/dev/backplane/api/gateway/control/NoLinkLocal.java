package dev.backplane.api.gateway.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The targets' name resolution, refusing link-local addresses (169.254.0.0/16, fe80::/10): cloud
 * metadata services answer there with the machine's credentials, and a route open to anyone in
 * front of one would hand them out. Checked on every connection, so a name that later resolves
 * there (DNS rebinding) is refused too; a route naming such an address is refused when written.
 * Private and loopback addresses stay allowed: the services behind a gateway live there.
 */
final class NoLinkLocal implements DnsResolver {

  static final NoLinkLocal RESOLVER = new NoLinkLocal(SystemDefaultDnsResolver.INSTANCE);

  private final DnsResolver names;

  /** Over this resolution of names (the system's; a test's own). */
  NoLinkLocal(DnsResolver names) {
    this.names = names;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    var addresses = names.resolve(host);
    for (var address : addresses) {
      if (linkLocal(address)) {
        throw new UnknownHostException(
            host + " resolves to a link-local address, which routes may not reach");
      }
    }
    return addresses;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return names.resolveCanonicalHostname(host);
  }

  /** Link-local, also as an IPv4 address carried in an IPv6 one (::ffff:169.254.x.x). */
  static boolean linkLocal(InetAddress address) {
    if (address.isLinkLocalAddress()) {
      return true;
    }
    var bytes = address.getAddress();
    return bytes.length == 16
        && (bytes[10] & 0xff) == 0xff
        && (bytes[11] & 0xff) == 0xff
        && (bytes[12] & 0xff) == 169
        && (bytes[13] & 0xff) == 254;
  }
}
