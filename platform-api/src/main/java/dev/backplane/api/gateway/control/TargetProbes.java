package dev.backplane.api.gateway.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The active health checks: every second, each target of a route with a health check whose probe is
 * due gets a GET of the check's path; one that does not answer 2xx or 3xx within {@value
 * #PROBE_TIMEOUT_MILLIS} ms gets no requests on this instance until a probe passes again. Each
 * instance probes for itself (what it cannot reach, it does not send to). Probes have connections
 * of their own (a busy route's pool does not fail them) and the routes' name resolution: never a
 * link-local address. Their answers' bodies are read and dropped, never kept.
 */
@ApplicationScoped
public class TargetProbes {

  private static final Logger LOG = Logger.getLogger(TargetProbes.class.getName());
  private static final long PROBE_TIMEOUT_MILLIS = 2000;

  @Inject RouteCatalog catalog;
  @Resource ManagedScheduledExecutorService scheduler;

  private CloseableHttpAsyncClient client;
  private ScheduledFuture<?> probing;

  @PostConstruct
  void start() {
    var timeout = Timeout.ofMilliseconds(PROBE_TIMEOUT_MILLIS);
    client =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setDnsResolver(NoLinkLocal.RESOLVER)
                    .setMaxConnPerRoute(2)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(timeout)
                            .setSocketTimeout(timeout)
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(timeout)
                    .setResponseTimeout(timeout)
                    .setRedirectsEnabled(false)
                    .build())
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableConnectionState()
            .setUserAgent("backplane-gateway-probe")
            .build();
    client.start();
    probing = scheduler.scheduleWithFixedDelay(this::probeDue, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    probing.cancel(false);
    client.close(CloseMode.IMMEDIATE);
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
    var request = new BasicHttpRequest("GET", target.host, target.basePath + path);
    client.execute(
        new BasicRequestProducer(request, null),
        new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()),
        new FutureCallback<Message<HttpResponse, Void>>() {
          @Override
          public void completed(Message<HttpResponse, Void> answer) {
            int status = answer.getHead().getCode();
            judged(route, target, status >= 200 && status < 400, "answered " + status);
          }

          @Override
          public void failed(Exception e) {
            judged(route, target, false, e.toString());
          }

          @Override
          public void cancelled() {
            judged(route, target, false, "cancelled");
          }
        });
  }

  private static void judged(String route, UpstreamTarget target, boolean healthy, String why) {
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
                          + why
                          + "); it gets no requests until it passes"));
    }
    target.healthy = healthy;
  }
}
