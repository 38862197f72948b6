package dev.backplane.api.gateway.entity;

/**
 * How a route keeps its targets' answers to GET: an answer of 200 that its target lets be kept
 * ({@code Cache-Control} without {@code no-store}, {@code no-cache} or, when shared, {@code
 * private}; no {@code Set-Cookie}; no {@code Vary} but on {@code Accept-Encoding}; a body of at
 * most {@code backplane.gateway.cache-max-body-bytes}) is kept for {@code ttlSeconds} (or the
 * answer's shorter {@code max-age}/{@code s-maxage}) and served again for the same path and query
 * without reaching the target.
 *
 * @param ttlSeconds 1 to 86,400; 60 when absent
 * @param perCaller whether each caller (its token's subject; without a token, its address) has
 *     answers of its own (true when absent); false shares them among all callers of the route
 */
public record RouteCache(Integer ttlSeconds, Boolean perCaller) {

  public int ttlOrDefault() {
    return ttlSeconds == null ? 60 : ttlSeconds;
  }

  public boolean perCallerOrDefault() {
    return perCaller == null || perCaller;
  }
}
