package dev.backplane.console.api;

import dev.backplane.api.problem.entity.FieldViolation;
import dev.backplane.api.problem.entity.Problem;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.util.List;

/**
 * The API refused a call or could not be reached; the message is fit for a notification. Unchecked
 * (yet declared by every call): Jersey's MicroProfile Rest Client passes an unchecked exception of
 * a {@code ResponseExceptionMapper} through as it is, but wraps a checked one in a 500.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final List<FieldViolation> errors;

  ApiException(int status, String message, Throwable cause) {
    this(status, message, cause, List.of());
  }

  ApiException(int status, String message, Throwable cause, List<FieldViolation> errors) {
    super(message, cause);
    this.status = status;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** The fields a validation problem (400) names, with their messages; empty otherwise. */
  public List<FieldViolation> errors() {
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
}
