package dev.backplane.api.gateway.entity;

/**
 * An upstream a route sends requests to.
 *
 * @param url the service's base URL ({@code http} or {@code https}, with an optional base path);
 *     the request's path (without the route's prefix when it is stripped) is appended to it
 * @param weight its share of the requests against the route's other targets (1 to 100; 1 when
 *     absent)
 */
public record RouteTarget(String url, Integer weight) {

  public int weightOrDefault() {
    return weight == null ? 1 : weight;
  }
}
