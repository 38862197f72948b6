package dev.backplane.api.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookTargetsTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "::1, loopback",
    "::ffff:127.0.0.1, loopback",
    "10.1.2.3, private",
    "172.16.0.1, private",
    "192.168.1.1, private",
    "169.254.169.254, private",
    "100.64.0.1, private",
    "0.0.0.0, private",
    "0.1.2.3, private",
    "192.0.0.8, private",
    "198.18.0.1, private",
    "198.19.255.1, private",
    "240.0.0.1, private",
    "255.255.255.255, private",
    "224.0.0.1, private",
    "fd00::1, private",
    "fe80::1, private",
    "64:ff9b::a9fe:a9fe, private",
    "64:ff9b::7f00:1, loopback",
    "2002:a00:1::1, private",
    "2002:7f00:1::1, loopback",
    "::a00:1, private",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2, private",
  })
  void innerAddressesAreNamedByTheirKind(String address, String kind) throws Exception {
    assertThat(WebhookTargets.kind(InetAddress.getByName(address))).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource({
    "93.184.215.14",
    "198.20.0.1",
    "100.128.0.1",
    "2606:4700::1111",
    "64:ff9b::5db8:d70e"
  })
  void publicAddressesAreNotInner(String address) throws Exception {
    assertThat(WebhookTargets.kind(InetAddress.getByName(address))).isNull();
  }
}
