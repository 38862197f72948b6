package dev.backplane.api.request.boundary;

import dev.backplane.api.request.control.BodyTooLargeException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * A body that went past the size limit while it was read ({@link RequestBodyLimit}) is a 413,
 * however the reader wrapped the failure (JSON-B's reader reports it as a processing error). Next
 * to the reader, inside the interceptor that makes unreadable bodies a 400.
 */
@Provider
@Priority(Priorities.USER + 100)
public class OversizedBodyInterceptor implements ReaderInterceptor {

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    try {
      return context.proceed();
    } catch (IOException | RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BodyTooLargeException tooLarge) {
          throw new ClientErrorException(
              BodyTooLargeException.detail(tooLarge.limit()), 413, tooLarge);
        }
      }
      throw e;
    }
  }
}
