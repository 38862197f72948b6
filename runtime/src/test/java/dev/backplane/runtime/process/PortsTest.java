package dev.backplane.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backplane.runtime.LaunchException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void portWithAListenerIsInUseAndSaysWhatToDo() throws Exception {
    try (var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = listener.getLocalPort();

      assertThat(Ports.isFree(port)).isFalse();
      assertThatThrownBy(() -> Ports.requireFree(port, "Keycloak", "BACKPLANE_KEYCLOAK_PORT"))
          .isInstanceOf(LaunchException.class)
          .hasMessage(
              "Port "
                  + port
                  + " (Keycloak) is already in use on 127.0.0.1: stop what listens there, or set BACKPLANE_KEYCLOAK_PORT to another port.");
    }
  }

  @Test
  void portOfAWildcardListenerIsInUseToo() throws Exception {
    try (var listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(0));

      assertThat(Ports.isFree(listener.getLocalPort())).isFalse();
    }
  }

  @Test
  void closedPortIsFree() throws Exception {
    int port;
    try (var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = listener.getLocalPort();
    }

    assertThat(Ports.isFree(port)).isTrue();
  }
}
