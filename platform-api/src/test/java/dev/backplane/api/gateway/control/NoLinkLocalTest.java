package dev.backplane.api.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

/**
 * Names resolved for the gateway's targets: one that resolves to a link-local address (cloud
 * metadata) is refused however it is spelt, also when only one of its addresses is; the names come
 * from a table of their own here, as a DNS server that rebinds would answer them.
 */
class NoLinkLocalTest {

  private static final Map<String, String[]> NAMES =
      Map.of(
          "service.internal", new String[] {"10.0.0.7"},
          "metadata.rebound", new String[] {"169.254.169.254"},
          "one.of.two", new String[] {"10.0.0.8", "169.254.1.1"},
          "v6.link", new String[] {"fe80::1"},
          "v4.in.v6", new String[] {"::ffff:169.254.169.254"},
          "loopback", new String[] {"127.0.0.1", "::1"});

  private final NoLinkLocal resolver =
      new NoLinkLocal(
          new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
              var addresses = NAMES.get(host);
              if (addresses == null) {
                throw new UnknownHostException(host);
              }
              var resolved = new InetAddress[addresses.length];
              for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByName(addresses[i]);
              }
              return resolved;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
              return host;
            }
          });

  @Test
  void aNameResolvingToALinkLocalAddressIsRefused() {
    for (var name : new String[] {"metadata.rebound", "one.of.two", "v6.link"}) {
      assertThatThrownBy(() -> resolver.resolve(name))
          .as(name)
          .isInstanceOf(UnknownHostException.class)
          .hasMessageContaining("link-local");
    }
  }

  @Test
  void anIpv4LinkLocalAddressCarriedInIpv6IsRefused() throws Exception {
    // Java turns ::ffff:a.b.c.d into the IPv4 address itself; refused either way
    assertThatThrownBy(() -> resolver.resolve("v4.in.v6")).isInstanceOf(UnknownHostException.class);
    var mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 169;
    mapped[13] = (byte) 254;
    mapped[15] = 1;
    assertThat(NoLinkLocal.linkLocal(java.net.Inet6Address.getByAddress(null, mapped, -1)))
        .isTrue();
  }

  @Test
  void privateAndLoopbackAddressesPass() throws Exception {
    assertThat(resolver.resolve("service.internal")).hasSize(1);
    assertThat(resolver.resolve("loopback")).hasSize(2);
    assertThatThrownBy(() -> resolver.resolve("nowhere")).isInstanceOf(UnknownHostException.class);
  }
}
