package dev.backplane.api.gateway.boundary;

import dev.backplane.api.gateway.control.ActiveRoute;
import dev.backplane.api.gateway.control.GatewayFailure;
import dev.backplane.api.gateway.control.GatewaySettings;
import dev.backplane.api.gateway.control.ResponseCache;
import dev.backplane.api.gateway.control.RouteCatalog;
import dev.backplane.api.gateway.control.RouteStatistics;
import dev.backplane.api.gateway.control.UpstreamAnswer;
import dev.backplane.api.problem.boundary.ProblemWriter;
import dev.backplane.api.problem.boundary.Problems;
import dev.backplane.api.ratelimit.boundary.QuotaExceededMapper;
import dev.backplane.api.ratelimit.control.Decision;
import dev.backplane.api.ratelimit.control.QuotaExceededException;
import dev.backplane.api.ratelimit.control.RateLimitHeaders;
import dev.backplane.api.ratelimit.control.RateLimitSettings;
import dev.backplane.api.ratelimit.control.RateLimiter;
import dev.backplane.api.requestid.boundary.RequestIdFilter;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway: every path the platform does not serve itself comes here (the web application's
 * default servlet), and goes to the route whose prefix it is under, or is answered 404. A request
 * is checked in the API's order (its path spelt plainly, a route and method that serve it, the
 * rate-limit policies, then the route's access rule) and then streamed to a target and its answer
 * streamed back, neither held whole ({@link ForwardedRequest}). An instance forwards at most {@code
 * backplane.gateway.max-concurrent-requests} at once, apart from the API's own limit, so that slow
 * upstreams cannot take the API's capacity.
 */
@WebServlet(name = "gateway", urlPatterns = "/")
public class GatewayServlet extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(GatewayServlet.class.getName());
  private static final int BUFFER_BYTES = 16 * 1024;
  private static final String RECORDED = GatewayServlet.class.getName() + ".recorded";

  /** Says whether a route that keeps answers served a kept one (HIT) or its target's (MISS). */
  static final String CACHE_STATUS = "X-Cache";

  @Inject RouteCatalog routes;
  @Inject RateLimiter limiter;
  @Inject RateLimitSettings rateLimits;
  @Inject GatewaySettings settings;
  @Inject RouteStatistics statistics;
  @Inject ResponseCache responses;

  private Semaphore permits;

  @Override
  public void init() {
    permits = new Semaphore(settings.maxConcurrentRequests());
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    var path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (!RequestPaths.plain(request.getRequestURI(), path)) {
      problem(
          response,
          400,
          "The path must be spelt plainly: no encoded '/', '\\' or '.', no '.' or '..' segments,"
              + " no ';' parameters.",
          request);
      return;
    }
    var found = routes.match(path);
    if (found.isEmpty()) {
      problem(response, 404, null, request);
      return;
    }
    var route = found.get();
    long started = System.nanoTime();
    try {
      serve(route, path, request, response, started);
    } finally {
      if (request.getAttribute(RECORDED) == null) {
        statistics.record(route.name(), response.getStatus(), System.nanoTime() - started);
      }
    }
  }

  /** Checks the request against the route and forwards it, or answers why not. */
  private void serve(
      ActiveRoute route,
      String path,
      HttpServletRequest request,
      HttpServletResponse response,
      long started)
      throws IOException {
    var method = request.getMethod();
    if (!route.serves(method)) {
      response.setHeader("Allow", route.allowed());
      problem(
          response, 405, "The route " + route.name() + " does not serve " + method + ".", request);
      return;
    }
    if (ForwardedRequest.looped(request)) {
      problem(
          response,
          508,
          "This request came through Backplane's gateway already: the route "
              + route.name()
              + " has a target that leads back to it.",
          request);
      return;
    }
    var token = BearerTokenFilter.token(request);
    if (!admittedByRateLimits(route, path, token, request, response)
        || !admittedByAccessRule(route, token, request, response)) {
      return;
    }
    if (request.getContentLengthLong() > route.maxBodyBytes()) {
      var tooLarge = route.bodyTooLarge();
      problem(response, tooLarge.status(), tooLarge.getMessage(), request);
      return;
    }
    if (!permits.tryAcquire()) {
      response.setHeader("Retry-After", "1");
      problem(
          response,
          503,
          "This instance forwards as many requests as it may at once; try again shortly.",
          request);
      return;
    }
    try {
      var cacheKey = cacheKey(route, token, request);
      if (cacheKey != null && !noCache(request)) {
        var kept = responses.find(cacheKey);
        if (kept != null) {
          record(route, request, kept.status(), started);
          answerKept(kept, request, response);
          return;
        }
      }
      forward(route, request, response, token, started, cacheKey);
    } finally {
      permits.release();
    }
  }

  /** The API's rate-limit policies, by the request's path, counted before the access rule. */
  private boolean admittedByRateLimits(
      ActiveRoute route,
      String path,
      VerifiedToken token,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    Decision decision = limiter.decide(request.getMethod(), path, token, client(request));
    if (decision.none()) {
      return true;
    }
    var policy = decision.policyHeader();
    if (!policy.isEmpty()) {
      response.setHeader(RateLimitHeaders.POLICY, policy);
      response.setHeader(RateLimitHeaders.LIMIT, decision.limitHeader());
    }
    if (decision.refused()) {
      var refused = new QuotaExceededException(decision);
      response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
      ProblemWriter.write(
          response,
          429,
          RequestIdFilter.requestId(request),
          QuotaExceededMapper.problem(refused, request));
      return false;
    }
    if (decision.unavailable()) {
      response.setHeader("Retry-After", "1");
      problem(
          response,
          503,
          "The rate-limit counters cannot answer now and this route's policy refuses requests it"
              + " cannot count; try again shortly.",
          request);
      return false;
    }
    return true;
  }

  /** The route's rule: anyone, a valid token, or a token with one of its roles. */
  private boolean admittedByAccessRule(
      ActiveRoute route,
      VerifiedToken token,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    var spec = route.spec();
    // a refused token is refused on every route, as on every API path
    boolean refused = BearerTokenFilter.refusedToken(request);
    if (refused || (token == null && !spec.access().equals("anyone"))) {
      response.setHeader("WWW-Authenticate", Problems.bearerChallenge(request));
      problem(response, 401, null, request);
      return false;
    }
    if (spec.access().equals("roles")
        && spec.roles().stream().noneMatch(role -> token.groups().contains(role))) {
      problem(
          response,
          403,
          "The route "
              + route.name()
              + " is for callers with one of the roles "
              + spec.roles()
              + ".",
          request);
      return false;
    }
    return true;
  }

  /**
   * Where the answer to this request is kept, when its route keeps answers and the request may be
   * served one: a GET or HEAD that does not say {@code no-store}. Keyed by the route as it is now
   * (a changed route keeps nothing of before), the caller when the route keeps answers per caller,
   * the encodings it accepts, and the path and query as sent.
   */
  private String cacheKey(ActiveRoute route, VerifiedToken token, HttpServletRequest request) {
    var rule = route.spec().cache();
    var method = request.getMethod();
    if (rule == null || !(method.equals("GET") || method.equals("HEAD"))) {
      return null;
    }
    if (directives(request).contains("no-store")) {
      return null;
    }
    String caller = "*";
    if (rule.perCallerOrDefault()) {
      caller = token != null ? "subject:" + token.subject() : "address:" + client(request);
    }
    var encodings = request.getHeader("Accept-Encoding");
    var query = request.getQueryString();
    return String.join(
        "\n",
        route.name(),
        route.route().updatedAt().toString(),
        caller,
        encodings == null ? "" : encodings,
        request.getRequestURI() + (query == null ? "" : "?" + query));
  }

  /** A request that asks for a fresh answer ({@code no-cache}) is not served a kept one. */
  private static boolean noCache(HttpServletRequest request) {
    var pragma = request.getHeader("Pragma");
    return directives(request).contains("no-cache")
        || (pragma != null && pragma.toLowerCase(java.util.Locale.ROOT).contains("no-cache"));
  }

  private static String directives(HttpServletRequest request) {
    var control = request.getHeader("Cache-Control");
    return control == null ? "" : control.toLowerCase(java.util.Locale.ROOT);
  }

  private String client(HttpServletRequest request) {
    var forwardedFor = request.getHeaders("X-Forwarded-For");
    return rateLimits
        .trustedProxies()
        .client(
            request.getRemoteAddr(),
            forwardedFor == null ? List.of() : Collections.list(forwardedFor));
  }

  private static void answerKept(
      ResponseCache.Kept kept, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ForwardedRequest.answerHeaders(kept.status(), kept.headers(), response);
    response.setHeader("Age", Long.toString(kept.ageSeconds()));
    response.setHeader(CACHE_STATUS, "HIT");
    response.setContentLength(kept.body().length);
    if (!request.getMethod().equals("HEAD")) {
      response.getOutputStream().write(kept.body());
    }
  }

  /**
   * Sends the request on; its statistics are recorded when the answer's headers are known. With a
   * cache key, the answer of a GET is kept too when its target lets it and it is small enough.
   */
  private void forward(
      ActiveRoute route,
      HttpServletRequest request,
      HttpServletResponse response,
      VerifiedToken token,
      long started,
      String cacheKey)
      throws IOException {
    var outbound = ForwardedRequest.of(route, request, token, rateLimits.trustedProxies());
    UpstreamAnswer answer;
    try {
      answer = route.send(outbound);
    } catch (GatewayFailure failure) {
      LOG.log(Level.FINE, failure, failure::getMessage);
      if (failure.retryAfterSeconds() > 0) {
        response.setHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
      }
      problem(response, failure.status(), failure.getMessage(), request);
      record(route, request, failure.status(), started);
      return;
    }
    record(route, request, answer.status(), started);
    try (answer) {
      var headers = answer.headers();
      ForwardedRequest.answerHeaders(answer.status(), headers, response);
      var body = answer.body();
      long keepFor = 0;
      if (cacheKey != null) {
        response.setHeader(CACHE_STATUS, "MISS");
        var rule = route.spec().cache();
        keepFor =
            request.getMethod().equals("GET")
                ? ResponseCache.keepFor(
                    answer.status(), headers, rule.ttlOrDefault(), !rule.perCallerOrDefault())
                : 0;
      }
      if (body != null && !request.getMethod().equals("HEAD")) {
        var kept = keepFor > 0 ? new ByteArrayOutputStream() : null;
        boolean whole = copy(body, response.getOutputStream(), kept, settings.cacheMaxBodyBytes());
        if (kept != null && whole) {
          responses.keep(
              cacheKey,
              new ResponseCache.Kept(
                  answer.status(), headers, kept.toByteArray(), System.currentTimeMillis()),
              keepFor);
        }
      }
    } catch (IOException e) {
      // the target or the caller broke off mid-answer: nothing to add once the answer began
      LOG.log(
          Level.FINE,
          e,
          () -> "Route " + route.name() + ": the answer of " + answer.target() + " broke off");
      if (!response.isCommitted()) {
        response.reset();
        problem(
            response,
            502,
            "The route " + route.name() + "'s target broke the connection while answering.",
            request);
      } else {
        throw e;
      }
    }
  }

  /** Statistics count the time to the answer's headers, not the streaming of its body. */
  private void record(ActiveRoute route, HttpServletRequest request, int status, long started) {
    request.setAttribute(RECORDED, Boolean.TRUE);
    statistics.record(route.name(), status, System.nanoTime() - started);
  }

  /**
   * Copies as it comes, flushing when the target pauses: a stream of events goes on at once. With
   * {@code kept}, also into it up to {@code most} bytes; whether all of the body fit.
   */
  private static boolean copy(
      InputStream from, OutputStream to, ByteArrayOutputStream kept, int most) throws IOException {
    var buffer = new byte[BUFFER_BYTES];
    boolean whole = true;
    int n;
    while ((n = from.read(buffer)) >= 0) {
      to.write(buffer, 0, n);
      if (kept != null && whole) {
        if (kept.size() + n > most) {
          whole = false;
        } else {
          kept.write(buffer, 0, n);
        }
      }
      if (from.available() == 0) {
        to.flush();
      }
    }
    return whole;
  }

  private static void problem(
      HttpServletResponse response, int status, String detail, HttpServletRequest request)
      throws IOException {
    ProblemWriter.write(response, Problems.of(status, detail, request));
  }
}
