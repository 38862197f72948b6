package dev.backplane.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange over a plain socket, for what the JDK's client hides or refuses to send:
 * the status line's reason phrase, paths spelt as an attacker spells them, oversized request lines.
 */
public final class RawHttp {

  private RawHttp() {}

  /** What came back: the status line and the rest of the answer as text. */
  public record Answer(String statusLine, String rest) {
    public int status() {
      return Integer.parseInt(statusLine.split(" ", 3)[1]);
    }
  }

  /**
   * Sends {@code method target} (sent as given, unencoded) with these extra header lines, and reads
   * the answer until the server closes the connection.
   */
  public static Answer send(String baseUrl, String method, String target, String... headers) {
    var uri = URI.create(baseUrl);
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
      socket.setSoTimeout(30_000);
      var request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      request
          .append("Host: ")
          .append(uri.getHost())
          .append(':')
          .append(uri.getPort())
          .append("\r\n");
      for (var header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      var answer = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(answer);
      } catch (IOException resetAfterAnswer) {
        // a server that refuses a request may reset the connection once it has answered
      }
      var text = answer.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n");
      if (end < 0) {
        throw new IllegalStateException("no answer to " + method + " " + target + ": " + text);
      }
      return new Answer(text.substring(0, end), text.substring(end + 2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
