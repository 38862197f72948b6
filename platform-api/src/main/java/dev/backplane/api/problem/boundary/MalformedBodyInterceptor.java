package dev.backplane.api.problem.boundary;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * A body that cannot be read (Jersey's JSON-B reader wraps the parser's error in a
 * ProcessingException) as the resource expects is the client's mistake (400), unlike a JSON failure
 * while writing a response, which is ours (500): only here is the difference known.
 */
@Provider
public class MalformedBodyInterceptor implements ReaderInterceptor {

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    try {
      return context.proceed();
    } catch (JsonbException | ProcessingException e) {
      throw new BadRequestException(describe(e), e);
    }
  }

  private static String describe(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonParsingException parsing && parsing.getLocation() != null) {
        var where = parsing.getLocation();
        return "The body is not valid JSON (line "
            + where.getLineNumber()
            + ", column "
            + where.getColumnNumber()
            + ").";
      }
    }
    return "The body does not have the shape this resource expects.";
  }
}
