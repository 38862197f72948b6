package dev.backplane.api.ratelimit.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * A rate-limit policy as the database keeps it; lists are stored one entry per line. Never in
 * EclipseLink's shared cache: another instance's change must be read from the database.
 */
@Entity
@Cacheable(false)
@Table(name = "rate_limit_policy")
public class RateLimitPolicy {

  @Id
  @SequenceGenerator(
      name = "rate_limit_policy_seq",
      sequenceName = "rate_limit_policy_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "rate_limit_policy_seq")
  private Long id;

  @Column(nullable = false, unique = true)
  private String name;

  @Column(nullable = false)
  private long quota;

  @Column(name = "window_seconds", nullable = false)
  private long windowSeconds;

  @Column(nullable = false)
  private String algorithm;

  @Column(name = "partition_by", nullable = false)
  private String partitionBy;

  private String claim;

  @Column(nullable = false)
  private String paths;

  @Column(nullable = false)
  private String methods;

  @Column(nullable = false)
  private String roles;

  @Column(nullable = false)
  private String clients;

  @Column(nullable = false)
  private String callers;

  @Column(nullable = false)
  private boolean enabled;

  @Column(nullable = false)
  private String mode;

  @Column(name = "failure_mode", nullable = false)
  private String failureMode;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  protected RateLimitPolicy() {}

  public RateLimitPolicy(PolicySpec spec, Instant now) {
    apply(spec, now);
  }

  /** Replaces every field with the (normalized) spec's. */
  public final void apply(PolicySpec spec, Instant now) {
    var normal = spec.normalized();
    name = normal.name();
    quota = normal.quota();
    windowSeconds = normal.windowSeconds();
    algorithm = normal.algorithm();
    partitionBy = normal.partitionBy();
    claim = normal.claim();
    paths = lines(normal.appliesTo().paths());
    methods = lines(normal.appliesTo().methods());
    roles = lines(normal.appliesTo().roles());
    clients = lines(normal.appliesTo().clients());
    callers = normal.appliesTo().callers();
    enabled = normal.enabled();
    mode = normal.mode();
    failureMode = normal.failureMode();
    updatedAt = now.atOffset(ZoneOffset.UTC);
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public Policy toPolicy() {
    return new Policy(
        id,
        name,
        quota,
        windowSeconds,
        algorithm,
        partitionBy,
        claim,
        new AppliesTo(list(paths), list(methods), list(roles), list(clients), callers),
        enabled,
        mode,
        failureMode,
        updatedAt.toInstant());
  }

  private static String lines(List<String> values) {
    return String.join("\n", values);
  }

  private static List<String> list(String lines) {
    return lines == null || lines.isEmpty() ? List.of() : Arrays.asList(lines.split("\n"));
  }
}
