package dev.backplane.api.gateway.control;

import dev.backplane.api.gateway.entity.Route;
import dev.backplane.api.gateway.entity.RouteSpec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A route in force on this instance: which requests it takes, and its targets with their pool of
 * connections, circuit breakers and health. Requests go to the targets by smooth weighted round
 * robin, skipping those whose circuit is open or whose probes fail; a request that did not reach a
 * target goes to another one (any method), and one whose target broke the connection before
 * answering too if its method is idempotent and its body was not sent; a POST that may have reached
 * a target is never sent twice.
 */
public final class ActiveRoute implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ActiveRoute.class.getName());

  /** Targets tried per request at most. */
  private static final int MAX_ATTEMPTS = 3;

  /** Answers a target's breaker counts as failures (with the requests it did not answer). */
  private static final Set<Integer> FAILING = Set.of(502, 503, 504);

  private static final Exception FAILED_ANSWER =
      new Exception("a target answered 502, 503 or 504", null, false, false) {};

  private final Route route;
  private final List<UpstreamTarget> targets;
  private final Set<String> methods;
  private final CloseableHttpClient client;
  private final RequestConfig requestConfig;
  private final long retryAfterSeconds;
  private final long maxBodyBytes;

  ActiveRoute(Route route, GatewaySettings settings) {
    this.route = route;
    var spec = route.spec();
    this.methods = Set.copyOf(spec.methods().isEmpty() ? RouteChecks.METHODS : spec.methods());
    this.targets =
        spec.targets().stream()
            .map(
                target ->
                    new UpstreamTarget(
                        route.name(),
                        target.url(),
                        target.weightOrDefault(),
                        settings.circuitOpenMillis()))
            .toList();
    this.retryAfterSeconds = Math.max(1, (settings.circuitOpenMillis() + 999) / 1000);
    this.maxBodyBytes =
        (spec.maxBodyMegabytes() == null ? settings.maxBodyMegabytes() : spec.maxBodyMegabytes())
            * 1024L
            * 1024L;
    var connect = Timeout.ofMilliseconds(spec.connectTimeoutMs());
    var connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(NoLinkLocal.RESOLVER)
            .setMaxConnPerRoute(settings.maxConnectionsPerTarget())
            .setMaxConnTotal(settings.maxConnectionsPerTarget() * targets.size())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(connect)
                    .setSocketTimeout(Timeout.ofMilliseconds(spec.responseTimeoutMs()))
                    // a pooled connection idle for a second is checked before use: a target
                    // restarted meanwhile costs no failed request
                    .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                    .build())
            .build();
    this.requestConfig =
        RequestConfig.custom()
            .setConnectionRequestTimeout(connect)
            .setResponseTimeout(Timeout.ofMilliseconds(spec.responseTimeoutMs()))
            .setExpectContinueEnabled(false)
            .setProtocolUpgradeEnabled(false)
            .setRedirectsEnabled(false)
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setDefaultRequestConfig(requestConfig)
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableContentCompression()
            .disableAuthCaching()
            .disableConnectionState()
            .disableDefaultUserAgent()
            .build();
  }

  public Route route() {
    return route;
  }

  public String name() {
    return route.name();
  }

  public RouteSpec spec() {
    return route.spec();
  }

  /** Whether the path is the route's prefix or under it. */
  public boolean matches(String path) {
    var prefix = route.spec().prefix();
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }

  /** The largest request body it takes, in bytes. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The 413 a body larger than the route takes is answered with. */
  public GatewayFailure bodyTooLarge() {
    return new GatewayFailure(
        413,
        "The route "
            + name()
            + " takes request bodies of up to "
            + maxBodyBytes / (1024 * 1024)
            + " MiB.",
        0,
        null);
  }

  public boolean serves(String method) {
    return methods.contains(method);
  }

  /** The methods it serves, for an {@code Allow} header. */
  public String allowed() {
    return String.join(", ", RouteChecks.METHODS.stream().filter(methods::contains).toList());
  }

  List<UpstreamTarget> targets() {
    return targets;
  }

  /**
   * Sends the request to a target, and others when it did not reach one (see the class).
   *
   * @throws GatewayFailure when no target answered
   */
  public UpstreamAnswer send(UpstreamRequest request) {
    var tried = new HashSet<UpstreamTarget>();
    GatewayFailure failure = null;
    int attempts = 0;
    while (attempts < MAX_ATTEMPTS) {
      var target = pick(tried);
      if (target == null) {
        break;
      }
      tried.add(target);
      attempts++;
      long start = System.nanoTime();
      try {
        var response = client.executeOpen(target.host, outbound(target, request), context());
        long took = System.nanoTime() - start;
        if (FAILING.contains(response.getCode())) {
          target.breaker.onError(took, TimeUnit.NANOSECONDS, FAILED_ANSWER);
        } else {
          target.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
        return new UpstreamAnswer(response, target.url);
      } catch (IOException e) {
        if (RequestBody.failed(e, RequestBody.TooLarge.class)) {
          // the caller's doing, not the target's: no failure of its own
          target.breaker.releasePermission();
          throw bodyTooLarge();
        }
        if (RequestBody.failed(e, RequestBody.Broken.class)) {
          target.breaker.releasePermission();
          throw new GatewayFailure(
              400,
              "The request body did not arrive whole; the route "
                  + name()
                  + " passed on nothing of it.",
              0,
              e);
        }
        target.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        boolean unreached = unreached(e);
        failure = failure(target, e, unreached);
        LOG.log(Level.FINE, e, () -> "Route " + name() + ": " + target.url + " failed: " + e);
        boolean again =
            request.untouched()
                && (unreached || (request.idempotent() && !(e instanceof SocketTimeoutException)));
        if (!again) {
          break;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    throw new GatewayFailure(
        503,
        "The route "
            + name()
            + " has no target taking requests now (their circuits are open or their health checks"
            + " fail); try again shortly.",
        retryAfterSeconds,
        null);
  }

  /**
   * The next target by smooth weighted round robin among those not tried yet that admit a request
   * now (probes passing, circuit letting it through); null when none does.
   */
  private UpstreamTarget pick(Set<UpstreamTarget> tried) {
    var excluded = new HashSet<>(tried);
    while (true) {
      UpstreamTarget best = null;
      synchronized (this) {
        int total = 0;
        for (var target : targets) {
          if (excluded.contains(target) || !target.healthy) {
            continue;
          }
          target.current += target.weight;
          total += target.weight;
          if (best == null || target.current > best.current) {
            best = target;
          }
        }
        if (best == null) {
          return null;
        }
        best.current -= total;
      }
      if (best.admits()) {
        return best;
      }
      excluded.add(best);
    }
  }

  /** Whether the failure happened before the request reached the target (safe to send again). */
  private static boolean unreached(IOException e) {
    return e instanceof ConnectException
        || e instanceof ConnectTimeoutException
        || e instanceof NoRouteToHostException
        || e instanceof UnknownHostException;
  }

  private GatewayFailure failure(UpstreamTarget target, IOException e, boolean unreached) {
    if (unreached) {
      return new GatewayFailure(
          502, "The route " + name() + " could not reach its targets (" + kind(e) + ").", 0, e);
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return new GatewayFailure(
          504,
          "The route "
              + name()
              + "'s target did not answer within "
              + route.spec().responseTimeoutMs()
              + " ms.",
          0,
          e);
    }
    return new GatewayFailure(
        502, "The route " + name() + "'s target broke the connection before answering.", 0, e);
  }

  private static String kind(IOException e) {
    if (e instanceof ConnectTimeoutException) {
      return "connection timed out";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host";
    }
    return "connection refused";
  }

  private UpstreamCall outbound(UpstreamTarget target, UpstreamRequest request) {
    var path = target.basePath + request.path();
    var outbound = new UpstreamCall(request.method(), target.host, path.isEmpty() ? "/" : path);
    for (var header : request.headers()) {
      outbound.addHeader(header.getKey(), header.getValue());
    }
    if (request.body() != null) {
      request.body().goesWith(outbound);
      outbound.setEntity(new InputStreamEntity(request.body(), request.body().length(), null));
    }
    return outbound;
  }

  private HttpClientContext context() {
    var context = HttpClientContext.create();
    context.setRequestConfig(requestConfig);
    return context;
  }

  /** Closes its connections (the route changed or was deleted; requests under way end first). */
  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }

  /** What the status view shows of each target. */
  List<TargetState> states() {
    var states = new ArrayList<TargetState>();
    for (var target : targets) {
      states.add(new TargetState(target.url, target.healthy, target.circuit()));
    }
    return states;
  }

  /** A target's state on this instance. */
  record TargetState(String url, boolean healthy, String circuit) {}
}
