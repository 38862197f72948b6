package dev.backplane.api.problem.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail: the body of every error response.
 *
 * @param requestId the request's id, also sent as the {@code X-Request-Id} header, to find the
 *     request in the logs
 * @param errors the field violations of a validation problem, otherwise absent
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "requestId", "errors"})
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    String instance,
    String requestId,
    List<FieldViolation> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** The type of problems that say no more than their HTTP status (RFC 9457, section 4.2.1). */
  public static final URI GENERIC = URI.create("about:blank");

  public static final URI VALIDATION = URI.create("https://backplane.dev/problems/validation");
}
