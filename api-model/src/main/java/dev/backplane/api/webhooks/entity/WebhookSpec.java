package dev.backplane.api.webhooks.entity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An endpoint as an administrator registers it.
 *
 * @param url where events are POSTed: http or https
 * @param topics the event topics it receives (as /api/v1/events names them; each checked by the
 *     platform)
 * @param secret the signing secret in the Standard Webhooks form ({@code whsec_} and base64 of 24
 *     to 64 bytes); made when absent
 * @param enabled false to stop deliveries (true when absent); set true again to re-enable an
 *     endpoint disabled after failing
 */
public record WebhookSpec(
    @NotBlank(message = "is required")
        @Pattern(
            regexp = "[a-z][a-z0-9-]{0,62}",
            message =
                "must be 1 to 63 lower-case letters, digits and dashes, starting with a letter")
        String name,
    @NotBlank(message = "is required")
        @Size(max = 2000, message = "must be at most 2,000 characters")
        @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL")
        String url,
    // the list's bounds are the platform's checks: a @Size here made /openapi an array without
    // items
    @NotNull(message = "is required") List<String> topics,
    @Pattern(
            regexp = "whsec_[A-Za-z0-9+/=]{32,88}",
            message = "must be whsec_ and base64 of 24 to 64 bytes")
        String secret,
    Boolean enabled) {

  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }
}
