package dev.backplane.console.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;

/** The API refused a call or could not be reached; the message is fit for a notification. */
public class ApiException extends Exception {

  private final int status;

  ApiException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** 0 when the API did not answer at all. */
  public int status() {
    return status;
  }

  /** What the API's problem details say, or its status when the body is not a problem. */
  static ApiException from(int status, String body, Jsonb jsonb) {
    try {
      var problem = jsonb.fromJson(body, Problem.class);
      if (problem != null && problem.detail() != null) {
        return new ApiException(status, problem.title() + ": " + problem.detail(), null);
      }
    } catch (JsonbException e) {
      // not a problem document: fall through to the status alone
    }
    return new ApiException(status, "The platform API answered " + status, null);
  }

  static ApiException unreachable(String apiUrl, Throwable cause) {
    return new ApiException(0, "The platform API at " + apiUrl + " did not answer.", cause);
  }

  /** The part of an RFC 9457 problem the console shows. */
  public record Problem(String title, int status, String detail) {}
}
