package dev.backplane.api.problem.boundary;

import dev.backplane.api.request.control.BodyTooLargeException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * A body that cannot be read (Jersey's JSON-B reader wraps the parser's error in a
 * ProcessingException) as the resource expects is the client's mistake (400), unlike a JSON failure
 * while writing a response, which is ours (500): only here is the difference known. A body that
 * went past the size limit while being read is a 413.
 */
@Provider
public class MalformedBodyInterceptor implements ReaderInterceptor {

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    try {
      return context.proceed();
    } catch (BodyTooLargeException e) {
      throw tooLarge(e);
    } catch (JsonbException | ProcessingException e) {
      var tooLarge = causeOf(e, BodyTooLargeException.class);
      if (tooLarge != null) {
        throw tooLarge(tooLarge);
      }
      throw new BadRequestException(describe(e), e);
    }
  }

  private static ClientErrorException tooLarge(BodyTooLargeException e) {
    return new ClientErrorException(BodyTooLargeException.detail(e.limit()), 413, e);
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static String describe(RuntimeException e) {
    var parsing = causeOf(e, JsonParsingException.class);
    if (parsing != null && parsing.getLocation() != null) {
      var where = parsing.getLocation();
      return "The body is not valid JSON (line "
          + where.getLineNumber()
          + ", column "
          + where.getColumnNumber()
          + ").";
    }
    return "The body does not have the shape this resource expects.";
  }
}
