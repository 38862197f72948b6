package dev.backplane.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

  @Test
  void tellsALoopbackListenerFromOneOnEveryInterface() throws Exception {
    try (var loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        var everywhere = new ServerSocket()) {
      everywhere.bind(new InetSocketAddress(0));

      var sockets = ListeningSockets.of(ProcessHandle.current());

      assertThat(sockets)
          .anySatisfy(
              s -> {
                assertThat(s.port()).isEqualTo(loopback.getLocalPort());
                assertThat(s.loopback()).isTrue();
              })
          .anySatisfy(
              s -> {
                assertThat(s.port()).isEqualTo(everywhere.getLocalPort());
                assertThat(s.loopback()).isFalse();
              });
    }
  }
}
