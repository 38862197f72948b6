package dev.backplane.api.gateway.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The active health checks: every second, each target of a route with a health check whose probe is
 * due gets a GET of the check's path; one that does not answer 2xx or 3xx within {@value
 * #PROBE_TIMEOUT_MILLIS} ms gets no requests on this instance until a probe passes again. Each
 * instance probes for itself (what it cannot reach, it does not send to).
 */
@ApplicationScoped
public class TargetProbes {

  private static final Logger LOG = Logger.getLogger(TargetProbes.class.getName());
  private static final long PROBE_TIMEOUT_MILLIS = 2000;

  @Inject RouteCatalog catalog;
  @Resource ManagedScheduledExecutorService scheduler;

  private HttpClient client;
  private ScheduledFuture<?> probing;

  @PostConstruct
  void start() {
    client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(PROBE_TIMEOUT_MILLIS))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    probing = scheduler.scheduleWithFixedDelay(this::probeDue, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    probing.cancel(false);
    client.shutdownNow();
  }

  /** Probing starts with the application, before the first request through the gateway. */
  void begin(@Observes Startup started) {
    LOG.fine("Gateway health checks started");
  }

  private void probeDue() {
    long now = System.nanoTime();
    for (var route : catalog.current()) {
      var check = route.spec().healthCheck();
      if (check == null) {
        continue;
      }
      for (var target : route.targets()) {
        if (now - target.nextProbeAt < 0) {
          continue;
        }
        target.nextProbeAt = now + TimeUnit.SECONDS.toNanos(check.intervalOrDefault());
        probe(route.name(), target, check.path());
      }
    }
  }

  private void probe(String route, UpstreamTarget target, String path) {
    var request =
        HttpRequest.newBuilder(URI.create(target.host.toURI() + target.basePath + path))
            .timeout(Duration.ofMillis(PROBE_TIMEOUT_MILLIS))
            .header("User-Agent", "backplane-gateway-probe")
            .GET()
            .build();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              boolean healthy =
                  failure == null && response.statusCode() >= 200 && response.statusCode() < 400;
              if (healthy != target.healthy) {
                LOG.info(
                    () ->
                        "Route "
                            + route
                            + ": target "
                            + target.url
                            + (healthy
                                ? " passes its health check again"
                                : " fails its health check ("
                                    + (failure == null
                                        ? "answered " + response.statusCode()
                                        : failure.toString())
                                    + "); it gets no requests until it passes"));
              }
              target.healthy = healthy;
            });
  }
}
