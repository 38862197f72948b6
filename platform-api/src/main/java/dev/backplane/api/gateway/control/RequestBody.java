package dev.backplane.api.gateway.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * A request body on its way upstream, counting what was read of it: a request whose body was not
 * touched never reached a target, and may go to another one; one that grows past the route's limit
 * stops there ({@link TooLarge}).
 */
public final class RequestBody extends FilterInputStream {

  private final long length;
  private final long limit;
  private long read;
  private volatile Cancellable call;

  /**
   * @param length the declared length, or -1 when unknown (chunked)
   * @param limit the most bytes it may have
   */
  public RequestBody(InputStream in, long length, long limit) {
    super(in);
    this.length = length;
    this.limit = limit;
  }

  public long length() {
    return length;
  }

  /** The call it goes with: cut off when reading the body fails, so it never completes. */
  void goesWith(Cancellable call) {
    this.call = call;
  }

  /** Whether no byte of it has been read. */
  boolean untouched() {
    return read == 0;
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = super.read();
    } catch (IOException e) {
      throw cutOff(new Broken(e));
    }
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    int n;
    try {
      n = super.read(buffer, offset, count);
    } catch (IOException e) {
      throw cutOff(new Broken(e)); // the caller went away mid-body
    }
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  private void counted(int n) throws IOException {
    read += n;
    if (read > limit) {
      throw cutOff(new TooLarge(limit));
    }
  }

  private IOException cutOff(IOException failure) {
    var under = call;
    if (under != null) {
      under.cancel();
    }
    return failure;
  }

  /** Whether this failure, or one of its causes, is the body's of this kind. */
  static boolean failed(Throwable failure, Class<? extends IOException> kind) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (kind.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  /** Reading the body from the caller failed: it went away, or sent what is not HTTP. */
  static final class Broken extends IOException {
    Broken(IOException cause) {
      super("the caller's request body broke off: " + cause.getMessage(), cause);
    }
  }

  /** A body of unknown length grew past the route's limit: the request stops there. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("the request body is larger than " + limit + " bytes", null);
    }
  }
}
