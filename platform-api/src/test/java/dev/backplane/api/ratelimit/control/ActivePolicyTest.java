package dev.backplane.api.ratelimit.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.ratelimit.entity.AppliesTo;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.security.entity.VerifiedToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActivePolicyTest {

  static final VerifiedToken ALICE =
      new VerifiedToken(
          "sub-alice",
          "alice",
          "backplane-cli",
          Set.of("api-user", "offline_access"),
          Instant.now().plusSeconds(300),
          Map.of("tenant", "acme", "tier", 3, "groups", List.of("api-user")));

  static ActivePolicy policy(String partitionBy, String claim, AppliesTo appliesTo) {
    return ActivePolicy.of(
        new Policy(
            7,
            "burst",
            100,
            60,
            "sliding-window",
            partitionBy,
            claim,
            appliesTo,
            true,
            "exact",
            "open",
            Instant.now()));
  }

  @Test
  void everyConditionMustHold() {
    var policy =
        policy(
            "client",
            null,
            new AppliesTo(
                List.of("/api/v1/users/**"),
                List.of("GET"),
                List.of("api-user", "platform-admin"),
                List.of("backplane-cli"),
                "authenticated"));

    assertThat(policy.appliesTo("GET", "/api/v1/users/1", ALICE)).isTrue();
    assertThat(policy.appliesTo("POST", "/api/v1/users/1", ALICE)).isFalse();
    assertThat(policy.appliesTo("GET", "/api/v1/me", ALICE)).isFalse();
    assertThat(policy.appliesTo("GET", "/api/v1/users/1", null)).isFalse();
    var otherClient =
        new VerifiedToken(
            "s", "bob", "backplane-console", Set.of("api-user"), Instant.now(), Map.of());
    assertThat(policy.appliesTo("GET", "/api/v1/users/1", otherClient)).isFalse();
  }

  @Test
  void aPolicyForGetCountsHeadWhichJaxRsServesWithTheGetMethod() {
    var gets =
        policy(
            "ip",
            null,
            new AppliesTo(List.of("/api/v1/me"), List.of("GET"), List.of(), List.of(), "any"));

    assertThat(gets.appliesTo("HEAD", "/api/v1/me", ALICE)).isTrue();
    assertThat(gets.appliesTo("OPTIONS", "/api/v1/me", ALICE)).isFalse();
    var heads =
        policy("ip", null, new AppliesTo(List.of(), List.of("HEAD"), List.of(), List.of(), "any"));
    assertThat(heads.appliesTo("GET", "/api/v1/me", ALICE)).isFalse();
  }

  @Test
  void anonymousPoliciesSkipCallersWithATokenAndAnyTakesBoth() {
    var anonymous =
        policy("ip", null, new AppliesTo(List.of(), List.of(), List.of(), List.of(), "anonymous"));
    var any = policy("ip", null, AppliesTo.EVERYTHING);

    assertThat(anonymous.appliesTo("GET", "/api/v1/me", null)).isTrue();
    assertThat(anonymous.appliesTo("GET", "/api/v1/me", ALICE)).isFalse();
    assertThat(any.appliesTo("GET", "/api/v1/me", null)).isTrue();
    assertThat(any.appliesTo("GET", "/api/v1/me", ALICE)).isTrue();
  }

  @Test
  void partitionsByWhatThePolicySays() {
    assertThat(policy("client", null, AppliesTo.EVERYTHING).partition(ALICE, "10.0.0.1"))
        .isEqualTo("backplane-cli");
    assertThat(policy("subject", null, AppliesTo.EVERYTHING).partition(ALICE, "10.0.0.1"))
        .isEqualTo("sub-alice");
    assertThat(policy("ip", null, AppliesTo.EVERYTHING).partition(ALICE, "10.0.0.1"))
        .isEqualTo("10.0.0.1");
    assertThat(policy("role", null, AppliesTo.EVERYTHING).partition(ALICE, "10.0.0.1"))
        .isEqualTo("api-user,offline_access");
    var roles = new AppliesTo(List.of(), List.of(), List.of("api-user"), List.of(), "any");
    assertThat(policy("role", null, roles).partition(ALICE, "10.0.0.1")).isEqualTo("api-user");
    assertThat(policy("claim", "tenant", AppliesTo.EVERYTHING).partition(ALICE, "10.0.0.1"))
        .isEqualTo("acme");
    assertThat(policy("claim", "tier", AppliesTo.EVERYTHING).partition(ALICE, "10.0.0.1"))
        .isEqualTo("3");
    assertThat(policy("claim", "missing", AppliesTo.EVERYTHING).partition(ALICE, "10.0.0.1"))
        .isEqualTo(ActivePolicy.NONE);
    assertThat(policy("client", null, AppliesTo.EVERYTHING).partition(null, "10.0.0.1"))
        .isEqualTo(ActivePolicy.NONE);
  }

  @Test
  void aNewAlgorithmOrWindowStartsNewCountersAndANewQuotaDoesNot() {
    var base = policy("client", null, AppliesTo.EVERYTHING);
    var key = base.key("backplane-cli");

    assertThat(key).startsWith("7|").endsWith("|backplane-cli");
    var moreQuota =
        ActivePolicy.of(
            new Policy(
                7,
                "burst",
                500,
                60,
                "sliding-window",
                "client",
                null,
                AppliesTo.EVERYTHING,
                true,
                "exact",
                "open",
                Instant.now()));
    assertThat(moreQuota.key("backplane-cli")).isEqualTo(key);
    var otherWindow =
        ActivePolicy.of(
            new Policy(
                7,
                "burst",
                100,
                120,
                "sliding-window",
                "client",
                null,
                AppliesTo.EVERYTHING,
                true,
                "exact",
                "open",
                Instant.now()));
    assertThat(otherWindow.key("backplane-cli")).isNotEqualTo(key);
  }
}
