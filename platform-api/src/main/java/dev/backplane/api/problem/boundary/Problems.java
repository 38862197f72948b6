package dev.backplane.api.problem.boundary;

import dev.backplane.api.problem.entity.FieldViolation;
import dev.backplane.api.problem.entity.Problem;
import dev.backplane.api.requestid.boundary.RequestIdFilter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds the problem details of the API's error responses, one wording per status. */
public final class Problems {

  private static final Map<Integer, String> DEFAULT_DETAILS =
      Map.ofEntries(
          Map.entry(400, "The request is malformed."),
          Map.entry(403, "Your roles do not allow this request."),
          Map.entry(404, "There is nothing at this address."),
          Map.entry(405, "This method is not allowed here."),
          Map.entry(406, "This resource cannot answer in any of the media types you accept."),
          Map.entry(413, "The request body is larger than this API accepts."),
          Map.entry(415, "This resource does not accept the media type you sent."),
          Map.entry(500, "An unexpected error occurred; it has been logged with the request id."),
          Map.entry(503, "The service is unavailable for now; try again later."));

  private Problems() {}

  /**
   * A problem that says what its status says; {@code detail} may add what this request did wrong. A
   * 401 always says whether the token was missing or refused, whatever the layer that found it.
   */
  public static Problem of(int status, String detail, HttpServletRequest request) {
    String said;
    if (status == 401) {
      said =
          hasBearerToken(request)
              ? "The bearer token is invalid or expired; get a new one from Keycloak."
              : "This request needs a bearer token from Keycloak.";
    } else {
      said = detail == null ? defaultDetail(status) : detail;
    }
    return new Problem(
        Problem.GENERIC,
        title(status),
        status,
        said,
        instance(request),
        RequestIdFilter.requestId(request),
        null);
  }

  public static Problem validation(List<FieldViolation> errors, HttpServletRequest request) {
    return new Problem(
        Problem.VALIDATION,
        "Validation failed",
        400,
        errors.size() == 1
            ? "One input value is invalid."
            : errors.size() + " input values are invalid.",
        instance(request),
        RequestIdFilter.requestId(request),
        List.copyOf(errors));
  }

  /** The same problem naming the fields that cause it (a conflict over one field's value). */
  public static Problem withErrors(Problem problem, List<FieldViolation> errors) {
    return new Problem(
        problem.type(),
        problem.title(),
        problem.status(),
        problem.detail(),
        problem.instance(),
        problem.requestId(),
        List.copyOf(errors));
  }

  /** The RFC 6750 challenge for a 401: the token was missing, or it was sent and refused. */
  public static String bearerChallenge(HttpServletRequest request) {
    return hasBearerToken(request)
        ? "Bearer realm=\"backplane\", error=\"invalid_token\""
        : "Bearer realm=\"backplane\"";
  }

  private static boolean hasBearerToken(HttpServletRequest request) {
    var authorization = request.getHeader("Authorization");
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  /** The path the client asked for, also when an error page of the container renders it. */
  private static String instance(HttpServletRequest request) {
    var original = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    return original != null ? original : request.getRequestURI();
  }

  public static String defaultDetail(int status) {
    return DEFAULT_DETAILS.getOrDefault(status, title(status) + ".");
  }

  public static String title(int status) {
    var known = Response.Status.fromStatusCode(status);
    return known == null ? "HTTP " + status : known.getReasonPhrase();
  }
}
