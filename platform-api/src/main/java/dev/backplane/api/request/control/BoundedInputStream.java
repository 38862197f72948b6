package dev.backplane.api.request.control;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/** A request body that fails with {@link BodyTooLargeException} past {@code limit} bytes. */
public final class BoundedInputStream extends ServletInputStream {

  private final ServletInputStream body;
  private final long limit;
  private long read;

  public BoundedInputStream(ServletInputStream body, long limit) {
    this.body = body;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = body.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    // never more than one byte beyond the limit, so a body just at it passes
    int n = body.read(buffer, offset, (int) Math.min(length, limit - read + 1));
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  private void counted(int bytes) throws BodyTooLargeException {
    read += bytes;
    if (read > limit) {
      throw new BodyTooLargeException(limit);
    }
  }

  @Override
  public boolean isFinished() {
    return body.isFinished();
  }

  @Override
  public boolean isReady() {
    return body.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    body.setReadListener(listener);
  }
}
