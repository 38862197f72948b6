package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code gateway} scenario: a service on loopback called directly, and through a gateway route
 * with the token check and an exact rate-limit policy (a billion a minute per subject: every
 * request counted against one counter, none refused), alternated in one run; for a service that
 * answers at once (the gateway's cost laid bare) and one that works {@value #WORK_MS} ms per
 * request; the gateway also over HTTPS (HTTP/1.1 over TLS, with the development certificate).
 * Latency at a fixed rate of half the slowest one's throughput.
 */
final class GatewayScenario {

  static final String ROUTE = "bench-gateway";
  static final String POLICY = "bench-gateway";
  static final String PREFIX = "/services/bench";
  static final int WORK_MS = 5;

  private final BenchMode mode;
  private final Wrk wrk;
  private final Progress progress;
  private final int connections;
  private final BenchHttp http = new BenchHttp();
  private String httpsBase;
  private javax.net.ssl.SSLContext tls;

  /** One way of calling the service: throughput per round, latency at the fixed rate. */
  record Run(String through, List<Double> throughputs, OpenModelLoad.Result latency) {
    double median() {
      var sorted = throughputs.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  /** One kind of service (its work per request), called directly, through HTTP and HTTPS. */
  record Service(int workMillis, double latencyRate, Run direct, Run gateway, Run https) {}

  record Figures(List<Service> services) {}

  GatewayScenario(BenchMode mode, Wrk wrk, int connections, Progress progress) {
    this.mode = mode;
    this.wrk = wrk;
    this.connections = connections;
    this.progress = progress;
  }

  /**
   * @param base the instance
   * @param httpsBase the instance's HTTPS address
   * @param tls trusts the instance's certificate
   */
  Figures run(
      String base, String httpsBase, javax.net.ssl.SSLContext tls, Tokens admin, Tokens consumer) {
    this.httpsBase = httpsBase;
    this.tls = tls;
    try (var upstream = new BenchUpstream()) {
      var route = base + "/api/v1/admin/routes/" + ROUTE;
      http.status("DELETE", route, admin.authorization());
      http.send(
          "POST",
          base + "/api/v1/admin/routes",
          admin.authorization(),
          """
          {"name":"%s","prefix":"%s","targets":[{"url":"%s"}]}"""
              .formatted(ROUTE, PREFIX, upstream.url()));
      var policy = createPolicy(base, admin);
      try {
        var services = new ArrayList<Service>();
        for (int work : List.of(0, WORK_MS)) {
          services.add(measure(work, upstream, base, consumer));
        }
        return new Figures(services);
      } finally {
        http.status(
            "DELETE", base + "/api/v1/admin/rate-limit-policies/" + policy, admin.authorization());
        http.status("DELETE", route, admin.authorization());
      }
    }
  }

  private Service measure(int work, BenchUpstream upstream, String base, Tokens consumer) {
    var query = work == 0 ? "" : "?ms=" + work;
    var direct = upstream.url() + "/orders/42" + query;
    var gateway = base + PREFIX + "/orders/42" + query;
    var secure = httpsBase + PREFIX + "/orders/42" + query;
    var urls = List.of(direct, gateway, secure);
    var names = List.of("direct", "gateway", "gateway over HTTPS");
    var warming =
        progress.step(
            "warming up the gateway (service working "
                + work
                + " ms) for "
                + mode.warmup().toSeconds()
                + " s");
    wrk.run(gateway, consumer.authorization(), mode.warmup());
    wrk.run(direct, consumer.authorization(), mode.slice());
    warming.done();
    var throughputs =
        List.<List<Double>>of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int round = 0; round < mode.rounds(); round++) {
      for (int i = 0; i < urls.size(); i++) {
        int index = (i + round) % urls.size();
        var step =
            progress.step(
                String.format(
                    "round %d/%d: maximum throughput %s, service working %d ms",
                    round + 1, mode.rounds(), names.get(index), work));
        var result = wrk.run(urls.get(index), consumer.authorization(), mode.slice());
        if (result.errors() > 0) {
          throw new IllegalStateException(
              names.get(index) + ": " + result.errors() + " errors (none was expected)");
        }
        throughputs.get(index).add(result.requestsPerSecond());
        step.done(String.format("%.0f requests/s", result.requestsPerSecond()));
      }
    }
    // all at half of the slowest one's maximum: the gateway's added latency at a load it carries
    double rate =
        throughputs.stream().mapToDouble(t -> new Run("", t, null).median()).min().orElseThrow()
            * 0.5;
    var latencies = new ArrayList<OpenModelLoad.Result>();
    for (int index = 0; index < urls.size(); index++) {
      var step =
          progress.step(
              String.format(
                  "latency at %.0f requests/s %s, service working %d ms",
                  rate, names.get(index), work));
      // the path with its query: the service's work is asked for there
      var uri = java.net.URI.create(urls.get(index));
      var pathAndQuery =
          uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      var latency =
          OpenModelLoad.run(
              uri,
              n -> pathAndQuery,
              consumer::authorization,
              rate,
              mode.slice().multipliedBy(2),
              connections,
              tls.getSocketFactory());
      step.done(
          String.format(
              "p50 %.1f ms, p99 %.1f ms",
              Bench.millis(latency.latencies().percentile(50)),
              Bench.millis(latency.latencies().percentile(99))));
      latencies.add(latency);
    }
    return new Service(
        work,
        rate,
        new Run("direct", throughputs.get(0), latencies.get(0)),
        new Run("gateway", throughputs.get(1), latencies.get(1)),
        new Run("gateway over HTTPS", throughputs.get(2), latencies.get(2)));
  }

  /** The exact policy on the route's path; an earlier run's is replaced. Its id. */
  private String createPolicy(String base, Tokens admin) {
    var policies = base + "/api/v1/admin/rate-limit-policies";
    BenchHttp.array(http.call("GET", policies, admin.authorization()))
        .getValuesAs(jakarta.json.JsonObject.class)
        .stream()
        .filter(policy -> policy.getString("name").equals(POLICY))
        .forEach(
            policy ->
                http.status(
                    "DELETE", policies + "/" + policy.getJsonNumber("id"), admin.authorization()));
    var created =
        http.send(
            "POST",
            policies,
            admin.authorization(),
            """
            {"name":"%s","quota":1000000000,"windowSeconds":60,"algorithm":"sliding-window",
             "partitionBy":"subject","appliesTo":{"paths":["%s/**"]},"mode":"exact"}"""
                .formatted(POLICY, PREFIX));
    return BenchHttp.object(created).getJsonNumber("id").toString();
  }
}
