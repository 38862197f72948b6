package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.control.Admission.Limit;
import dev.backplane.api.ratelimit.entity.Algorithm;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.security.entity.VerifiedToken;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An enabled policy, ready to be checked on every request: which requests it counts, what
 * partitions them, and the limit each partition has.
 */
public record ActivePolicy(
    long id,
    String name,
    Limit limit,
    String partitionBy,
    String claim,
    List<PathPattern> paths,
    Set<String> methods,
    Set<String> roles,
    Set<String> clients,
    String callers,
    boolean local,
    boolean failClosed) {

  /** The partition of calls without a token, or without the value a policy partitions by. */
  static final String NONE = "(none)";

  public static ActivePolicy of(Policy policy) {
    var appliesTo = policy.appliesTo().normalized();
    return new ActivePolicy(
        policy.id(),
        policy.name(),
        new Limit(algorithm(policy.algorithm()), policy.quota(), policy.windowSeconds() * 1000),
        policy.partitionBy(),
        policy.claim(),
        appliesTo.paths().stream().map(PathPattern::of).toList(),
        Set.copyOf(appliesTo.methods()),
        Set.copyOf(appliesTo.roles()),
        Set.copyOf(appliesTo.clients()),
        appliesTo.callers(),
        policy.mode().equals("local"),
        policy.failureMode().equals("closed"));
  }

  static Algorithm algorithm(String name) {
    return Algorithm.valueOf(name.toUpperCase().replace('-', '_'));
  }

  /** Whether this policy counts a request (token absent for an anonymous call). */
  public boolean appliesTo(String method, String path, VerifiedToken token) {
    if (token == null ? callers.equals("authenticated") : callers.equals("anonymous")) {
      return false;
    }
    if (!methods.isEmpty()
        && !methods.contains(method)
        // JAX-RS answers a HEAD with the GET resource method: it costs what a GET costs
        && !(method.equals("HEAD") && methods.contains("GET"))) {
      return false;
    }
    if (!roles.isEmpty() && (token == null || roles.stream().noneMatch(token.groups()::contains))) {
      return false;
    }
    if (!clients.isEmpty() && (token == null || !clients.contains(token.client()))) {
      return false;
    }
    return paths.isEmpty() || paths.stream().anyMatch(pattern -> pattern.matches(path));
  }

  /** Whose counter a request counts against. */
  public String partition(VerifiedToken token, String clientAddress) {
    if (partitionBy.equals("ip")) {
      return clientAddress;
    }
    if (token == null) {
      return NONE;
    }
    var value =
        switch (partitionBy) {
          case "client" -> token.client();
          case "subject" -> token.subject();
          case "role" -> roles(token);
          default -> token.claim(claim);
        };
    return value == null || value.isEmpty() ? NONE : value;
  }

  /** The caller's realm roles this policy is about (all of them when it names none), sorted. */
  private String roles(VerifiedToken token) {
    var held = new TreeSet<>(token.groups());
    if (!roles.isEmpty()) {
      held.retainAll(roles);
    }
    return String.join(",", held);
  }

  /**
   * The cluster-wide counter's key. A new algorithm or window starts new counters (an old one means
   * something else); a new quota keeps counting.
   */
  public String key(String partition) {
    return id + "|" + limit.algorithm().ordinal() + "|" + limit.windowMillis() + "|" + partition;
  }

  /** How long an idle counter is worth keeping: until it could no longer refuse anything. */
  public long lifespanMillis() {
    return limit.lifespanMillis();
  }
}
