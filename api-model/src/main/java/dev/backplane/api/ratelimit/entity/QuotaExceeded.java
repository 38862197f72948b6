package dev.backplane.api.ratelimit.entity;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.net.URI;
import java.util.List;

/**
 * The problem details of a 429: which policies' quotas the request exceeded ({@code
 * violated-policies}, as named in the RateLimit headers).
 */
@JsonbPropertyOrder({
  "type",
  "title",
  "status",
  "detail",
  "instance",
  "requestId",
  "violatedPolicies"
})
public record QuotaExceeded(
    URI type,
    String title,
    int status,
    String detail,
    String instance,
    String requestId,
    @JsonbProperty("violated-policies") List<String> violatedPolicies) {

  public static final URI TYPE = URI.create("https://backplane.dev/problems/quota-exceeded");
}
