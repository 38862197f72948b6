package dev.backplane.api.request.control;

import java.io.IOException;

/**
 * A request body went past the API's limit while it was being read (a body sent without a length,
 * or longer than it said): the reader stops there instead of holding the rest in memory.
 */
public class BodyTooLargeException extends IOException {

  private final long limit;

  public BodyTooLargeException(long limit) {
    super("The request body is larger than " + limit + " bytes");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }

  /** What the client is told. */
  public static String detail(long limit) {
    return "The request body is larger than this API accepts (at most " + limit + " bytes).";
  }
}
