package dev.backplane.api.gateway.control;

import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * A request to a target that can be cut off mid-way. The HTTP client ends a chunked body properly
 * even when reading it failed, so a caller who went away, or whose body grew past the route's
 * limit, would hand the target a shorter body as a whole request; cut off, its connection closes at
 * once instead, and the target gets no request at all. (The client's own {@code HttpUriRequestBase}
 * does the same, but takes a parsed URI, where the gateway passes the path exactly as sent.)
 */
final class UpstreamCall extends BasicClassicHttpRequest implements CancellableDependency {

  private Cancellable dependency;
  private boolean cancelled;

  UpstreamCall(String method, HttpHost host, String path) {
    super(method, host, path);
  }

  /** The client's hold on the connection, while the request is under way. */
  @Override
  public synchronized void setDependency(Cancellable cancellable) {
    if (cancelled) {
      cancellable.cancel();
    } else {
      dependency = cancellable;
    }
  }

  @Override
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Closes the request's connection at once; what was sent of it never completes. */
  @Override
  public synchronized boolean cancel() {
    if (cancelled) {
      return false;
    }
    cancelled = true;
    if (dependency != null) {
      dependency.cancel();
    }
    return true;
  }
}
