package dev.backplane.api.gateway.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body on its way upstream, counting what was read of it: a request whose body was not
 * touched never reached a target, and may go to another one.
 */
public final class RequestBody extends FilterInputStream {

  private final long length;
  private long read;

  /**
   * @param length the declared length, or -1 when unknown (chunked)
   */
  public RequestBody(InputStream in, long length) {
    super(in);
    this.length = length;
  }

  public long length() {
    return length;
  }

  /** Whether no byte of it has been read. */
  boolean untouched() {
    return read == 0;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      read++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    int n = super.read(buffer, offset, count);
    if (n > 0) {
      read += n;
    }
    return n;
  }
}
