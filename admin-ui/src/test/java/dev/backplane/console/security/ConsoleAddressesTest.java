package dev.backplane.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleAddressesTest {

  private static final ConsoleAddresses BOTH =
      ConsoleAddresses.of(
          "http://localhost:8080/console/", Optional.of("https://localhost:8443/console"));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // under one of them: that one
        "http://localhost:8080/console/users       | http://localhost:8080/console",
        "https://localhost:8443/console/           | https://localhost:8443/console",
        "https://localhost:8443/console            | https://localhost:8443/console",
        // another host name, or a path that only begins alike: the one of its scheme
        "https://127.0.0.1:8443/console/           | https://localhost:8443/console",
        "http://127.0.0.1:8080/console/            | http://localhost:8080/console",
        "https://localhost:8443/consoles/          | https://localhost:8443/console",
        "HTTPS://elsewhere/console/                | https://localhost:8443/console",
      })
  void aRequestBelongsToTheAddressItIsUnderElseToTheOneOfItsScheme(String url, String base) {
    assertThat(BOTH.baseFor(url)).isEqualTo(base);
  }

  @Test
  void onlyAnAddressItIsUnderServesIt() {
    assertThat(BOTH.serving("https://localhost:8443/console/x"))
        .hasValue("https://localhost:8443/console");
    assertThat(BOTH.serving("https://127.0.0.1:8443/console/x")).isEmpty();
    assertThat(BOTH.serving("http://localhost:8080/consolex")).isEmpty();
  }

  @Test
  void aRequestIsWhereTheBrowserSentItNotWhereTheContainerThinks() {
    var production =
        ConsoleAddresses.of("https://backplane.example.test/console", Optional.empty());
    // behind a balancer ending TLS on 443, Payara reports the port as 80: the Host header decides
    var url =
        ConsoleAddresses.requestUrl(
            "https",
            "backplane.example.test",
            "/console/users",
            "https://backplane.example.test:80/console/users");
    assertThat(production.serving(url)).hasValue("https://backplane.example.test/console");
    // the load balancer says HTTPS's port: the same address
    assertThat(
            production.serving(
                ConsoleAddresses.requestUrl(
                    "https", "backplane.example.test:443", "/console/", "x")))
        .hasValue("https://backplane.example.test/console");
    assertThat(ConsoleAddresses.requestUrl("http", "a:80", "/console/", "x"))
        .isEqualTo("http://a/console/");
    assertThat(ConsoleAddresses.requestUrl("http", "a:443", "/console/", "x"))
        .isEqualTo("http://a:443/console/");
    assertThat(
            ConsoleAddresses.requestUrl(
                "https", "LOCALHOST:8443", "/console/", "https://localhost:8443/console/"))
        .isEqualTo("https://localhost:8443/console/");
    // no Host header (HTTP/1.0): the container's own
    assertThat(
            ConsoleAddresses.requestUrl("http", null, "/console/", "http://10.0.0.1:8080/console/"))
        .isEqualTo("http://10.0.0.1:8080/console/");
    // a Host no address has: never served, sent to the console's own address of its scheme
    var evil = ConsoleAddresses.requestUrl("https", "evil.example", "/console/", "x");
    assertThat(BOTH.serving(evil)).isEmpty();
    assertThat(BOTH.baseFor(evil)).isEqualTo("https://localhost:8443/console");
  }

  @Test
  void withOneAddressEveryRequestBelongsToIt() {
    var https = ConsoleAddresses.of("https://backplane.example.test/console", Optional.empty());
    assertThat(https.bases()).containsExactly("https://backplane.example.test/console");
    assertThat(https.baseFor("http://backplane.example.test/console/")).isEqualTo(https.primary());
    assertThat(ConsoleAddresses.of("http://a/console", Optional.of("http://a/console/")).bases())
        .containsExactly("http://a/console");
    assertThatThrownBy(() -> new ConsoleAddresses(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
