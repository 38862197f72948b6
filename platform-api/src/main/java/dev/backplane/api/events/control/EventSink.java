package dev.backplane.api.events.control;

import java.io.IOException;

/** Where a subscription's events go: the boundary's Server-Sent Events connection. */
public interface EventSink {

  /**
   * Sends one event and waits (a bounded time) until it is written.
   *
   * @param id the position to resume after it ({@code Last-Event-ID})
   * @param name the event's name ({@code record.created}...)
   * @throws IOException when the subscriber is gone or too slow to take it
   */
  void send(String id, String name, String data) throws IOException;

  /** A comment line that keeps the connection (and the proxies on its way) alive. */
  void heartbeat() throws IOException;

  void close();
}
