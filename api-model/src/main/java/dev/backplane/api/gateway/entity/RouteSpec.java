package dev.backplane.api.gateway.entity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;

/**
 * A gateway route as an administrator writes it (POST creates one, PUT replaces one): requests
 * whose path is {@code prefix} or under it go to the route's targets.
 *
 * @param name its name (lower-case letters, digits and dashes)
 * @param prefix the path it serves, e.g. {@code /services/orders}: itself and everything under it;
 *     never under {@code /api}, {@code /console}, {@code /health}, {@code /metrics} or {@code
 *     /openapi}
 * @param methods the methods it serves (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS); absent or
 *     empty: all of them
 * @param targets one to 16 upstreams, weighted
 * @param stripPrefix whether the prefix is taken off the path sent upstream (true when absent)
 * @param connectTimeoutMs the longest a connection to a target may take (1 to 60,000; 2,000)
 * @param responseTimeoutMs the longest a target may stay silent, before its answer or within it (1
 *     to 600,000; 30,000)
 * @param access who may call it: {@code anyone}, {@code authenticated} (the default: a valid token)
 *     or {@code roles} (a token with one of {@code roles})
 * @param roles the realm roles of which a caller needs one, for access {@code roles}
 * @param setHeaders request headers set on the way upstream (replacing the caller's)
 * @param removeHeaders request headers removed on the way upstream
 * @param forwardIdentity whether the caller's subject, user name and roles go upstream as {@code
 *     X-Backplane-Subject}, {@code -User} and {@code -Roles} (true when absent; a caller's own
 *     headers of those names are always removed, so the upstream can trust them)
 * @param passToken whether the caller's {@code Authorization} header goes upstream (false when
 *     absent)
 * @param healthCheck active probes of the targets; absent: none (failing targets are still taken
 *     out by their circuit breakers)
 * @param cache whether and how answers to GET are kept ({@link RouteCache}); absent: never
 * @param maxBodyMegabytes the largest request body the route takes, in MiB (1 to 1,048,576); larger
 *     ones are answered 413 without reaching a target (or stopped when a body of unknown length
 *     grows past it); absent: the gateway's default ({@code backplane.gateway.max-body-megabytes},
 *     1,024)
 * @param enabled false: the prefix answers 404 (true when absent)
 */
public record RouteSpec(
    @NotBlank(message = "is required")
        @Pattern(
            regexp = "[a-z][a-z0-9-]{0,62}",
            message =
                "must be 1 to 63 lower-case letters, digits and dashes, starting with a letter")
        String name,
    @NotBlank(message = "is required") String prefix,
    List<String> methods,
    @NotNull(message = "is required") List<RouteTarget> targets,
    Boolean stripPrefix,
    Integer connectTimeoutMs,
    Integer responseTimeoutMs,
    @Pattern(
            regexp = "anyone|authenticated|roles",
            message = "must be anyone, authenticated or roles")
        String access,
    List<String> roles,
    Map<String, String> setHeaders,
    List<String> removeHeaders,
    Boolean forwardIdentity,
    Boolean passToken,
    TargetHealthCheck healthCheck,
    RouteCache cache,
    Integer maxBodyMegabytes,
    Boolean enabled) {

  /** The same route, with every absent value at its default. */
  public RouteSpec normalized() {
    return new RouteSpec(
        name,
        prefix,
        methods == null ? List.of() : methods,
        targets.stream()
            .map(
                target ->
                    target == null ? null : new RouteTarget(target.url(), target.weightOrDefault()))
            .toList(),
        stripPrefix == null || stripPrefix,
        connectTimeoutMs == null ? 2000 : connectTimeoutMs,
        responseTimeoutMs == null ? 30_000 : responseTimeoutMs,
        access == null ? "authenticated" : access,
        roles == null ? List.of() : roles,
        setHeaders == null ? Map.of() : setHeaders,
        removeHeaders == null ? List.of() : removeHeaders,
        forwardIdentity == null || forwardIdentity,
        passToken != null && passToken,
        healthCheck == null
            ? null
            : new TargetHealthCheck(healthCheck.path(), healthCheck.intervalOrDefault()),
        cache == null ? null : new RouteCache(cache.ttlOrDefault(), cache.perCallerOrDefault()),
        maxBodyMegabytes,
        enabled == null || enabled);
  }
}
