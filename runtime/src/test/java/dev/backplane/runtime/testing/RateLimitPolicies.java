package dev.backplane.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Rate-limit policies a test creates through the admin API, deleted again when it closes, so that
 * no other test on the same platform is limited by them.
 */
public final class RateLimitPolicies implements AutoCloseable {

  public static final String PATH = "/api/v1/admin/rate-limit-policies";

  private final String baseUrl;
  private final String adminToken;
  private final List<String> created = new ArrayList<>();

  public RateLimitPolicies(String baseUrl, String adminToken) {
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
  }

  /** Creates a policy from its JSON; returns its id. */
  public String create(String json) {
    var response = Http.send("POST", baseUrl + PATH, adminToken, json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    var id = Long.toString(Keycloak.json(response.body()).getJsonNumber("id").longValue());
    created.add(id);
    return id;
  }

  /** A name no other policy has. */
  public static String unique(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }

  @Override
  public void close() {
    for (var id : created) {
      Http.send("DELETE", baseUrl + PATH + "/" + id, adminToken, null);
    }
    created.clear();
  }
}
