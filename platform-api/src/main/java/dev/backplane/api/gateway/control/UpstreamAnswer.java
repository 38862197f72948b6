package dev.backplane.api.gateway.control;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;

/**
 * A target's answer, open: its status and headers are read, its body is streamed by the caller.
 * Closing it returns the connection to the pool once the body was read to its end (else the
 * connection is closed).
 */
public final class UpstreamAnswer implements AutoCloseable {

  private final ClassicHttpResponse response;
  private final String target;

  UpstreamAnswer(ClassicHttpResponse response, String target) {
    this.response = response;
    this.target = target;
  }

  public int status() {
    return response.getCode();
  }

  /** The target's URL (for logs). */
  public String target() {
    return target;
  }

  public List<Map.Entry<String, String>> headers() {
    var headers = new java.util.ArrayList<Map.Entry<String, String>>();
    for (Header header : response.getHeaders()) {
      headers.add(Map.entry(header.getName(), header.getValue()));
    }
    return headers;
  }

  /** The body, or null when the answer has none. */
  public InputStream body() throws IOException {
    var entity = response.getEntity();
    return entity == null ? null : entity.getContent();
  }

  @Override
  public void close() throws IOException {
    response.close();
  }
}
