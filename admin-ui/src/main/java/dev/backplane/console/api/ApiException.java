package dev.backplane.console.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.util.List;

/** The API refused a call or could not be reached; the message is fit for a notification. */
public class ApiException extends Exception {

  private final int status;
  private final List<FieldError> errors;

  ApiException(int status, String message, Throwable cause) {
    this(status, message, cause, List.of());
  }

  ApiException(int status, String message, Throwable cause, List<FieldError> errors) {
    super(message, cause);
    this.status = status;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** The fields a validation problem (400) names, with their messages; empty otherwise. */
  public List<FieldError> errors() {
    return errors;
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
        return new ApiException(
            status, problem.title() + ": " + problem.detail(), null, problem.errors());
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
  public record Problem(String title, int status, String detail, List<FieldError> errors) {}

  /** One invalid input value: its field ("email", "roles[0]") and what is wrong with it. */
  public record FieldError(String field, String message) {}
}
