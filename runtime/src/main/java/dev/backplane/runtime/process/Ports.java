package dev.backplane.runtime.process;

import dev.backplane.runtime.LaunchException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Checks that the ports the platform needs are free before anything starts. */
public final class Ports {

  private Ports() {}

  /**
   * @param what what would listen there, e.g. "Keycloak"
   * @param variable the environment variable that moves it
   */
  public static void requireFree(int port, String what, String variable) {
    if (!isFree(port)) {
      throw new LaunchException(
          "Port "
              + port
              + " ("
              + what
              + ") is already in use on 127.0.0.1: stop what listens there, or set "
              + variable
              + " to another port.");
    }
  }

  public static boolean isFree(int port) {
    var loopback = InetAddress.getLoopbackAddress();
    // something may listen on a wildcard address only: a connection attempt finds it
    try (var probe = new Socket()) {
      probe.connect(new InetSocketAddress(loopback, port), 300);
      return false;
    } catch (IOException expected) {
      // nobody answers: try to bind
    }
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true); // like the servers: connections in TIME_WAIT do not count
      socket.bind(new InetSocketAddress(loopback, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
