package dev.backplane.api.ratelimit.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies proxies =
      TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8", "::1"));

  @Test
  void withoutTrustedProxiesThePeerIsTheClientWhateverItWrites() {
    assertThat(TrustedProxies.NONE.client("203.0.113.7", List.of("198.51.100.1")))
        .isEqualTo("203.0.113.7");
    assertThat(proxies.client("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  void behindTheBalancerTheAddressItAddedIsTheClient() {
    assertThat(proxies.client("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
  }

  @Test
  void aForgedHeaderStaysLeftOfWhatTheProxiesAdd() {
    // the client sent "X-Forwarded-For: 198.51.100.1"; HAProxy appended its real address
    assertThat(proxies.client("127.0.0.1", List.of("198.51.100.1, 203.0.113.7")))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void severalTrustedHopsAreWalkedThrough() {
    assertThat(proxies.client("127.0.0.1", List.of("203.0.113.7, 10.1.2.3", "10.9.9.9")))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void onlyTrustedHopsLeaveTheLeftmost() {
    assertThat(proxies.client("127.0.0.1", List.of("10.1.2.3, 10.4.5.6"))).isEqualTo("10.1.2.3");
    assertThat(proxies.client("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
  }

  @Test
  void somethingThatIsNoAddressEndsTheWalkAtTheLastTrustedHop() {
    assertThat(proxies.client("127.0.0.1", List.of("evil.example, 10.1.2.3")))
        .isEqualTo("10.1.2.3");
    assertThat(proxies.client("127.0.0.1", List.of("unknown"))).isEqualTo("127.0.0.1");
  }

  @Test
  void portsBracketsAndMappedAddressesAreRead() {
    assertThat(proxies.client("127.0.0.1", List.of("203.0.113.7:51234"))).isEqualTo("203.0.113.7");
    assertThat(proxies.client("::1", List.of("[2001:db8::1]:443"))).isEqualTo("2001:db8::1");
    assertThat(proxies.trusts("::ffff:10.0.0.1")).isTrue();
    assertThat(proxies.trusts("11.0.0.1")).isFalse();
  }

  @Test
  void networksAreCheckedBitByBit() {
    var narrow = TrustedProxies.of(List.of("192.168.1.128/25"));
    assertThat(narrow.trusts("192.168.1.200")).isTrue();
    assertThat(narrow.trusts("192.168.1.127")).isFalse();
    assertThat(TrustedProxies.of(List.of("0.0.0.0/0")).trusts("8.8.8.8")).isTrue();
  }

  @Test
  void aMisconfiguredEntryIsRefusedByName() {
    assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
        .hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal")))
        .hasMessageContaining("proxy.internal");
  }
}
