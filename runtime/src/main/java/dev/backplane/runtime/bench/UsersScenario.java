package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * The {@code users} scenario: with {@value #USERS} users in Keycloak (created once, in batches,
 * through Keycloak's partial import), the latency of a page of 50 users and of one user read
 * through the API, each uncached (every request asks for something not read before, after the cache
 * was cleared) and cached (the same few again), with the cache's hit ratio over each run.
 */
final class UsersScenario {

  static final int USERS = 10_000;
  private static final int BATCH = 500;
  private static final String PREFIX = "bench-user-";
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*(\\d+)");

  private final HttpClient http = HttpClient.newHttpClient();
  private final String keycloakUrl;
  private final String apiUrl;
  private final Tokens admin;
  private final Progress progress;

  /** One measured run: what was read, how fast, at which rate, and the cache's hit ratio. */
  record Run(String name, double rate, OpenModelLoad.Result result, double hitRatio) {}

  UsersScenario(String keycloakUrl, String issuer, String apiUrl, Progress progress) {
    this.keycloakUrl = keycloakUrl;
    this.apiUrl = apiUrl;
    this.admin = new Tokens(issuer, "admin", "admin");
    this.progress = progress;
  }

  List<Run> run(Duration slice) {
    var ids = seed();
    var runs = new ArrayList<Run>();
    // pages: 200 different pages of 50 at 5 per second; one user: a different one each time
    int pages = USERS / 50;
    double pageRate = Math.min(5, pages / (double) slice.toSeconds());
    double userRate = Math.min(50, ids.size() / (double) slice.toSeconds());
    LongFunction<String> anyPage =
        n -> "/api/v1/users?search=" + PREFIX + "&first=" + (n % pages) * 50 + "&max=50";
    LongFunction<String> samePage = n -> "/api/v1/users?search=" + PREFIX + "&first=0&max=50";
    LongFunction<String> anyUser = n -> "/api/v1/users/" + ids.get((int) (n % ids.size()));
    LongFunction<String> fewUsers = n -> "/api/v1/users/" + ids.get((int) (n % 20));
    runs.add(measure("list page of 50, uncached", anyPage, pageRate, slice, true));
    runs.add(measure("list page of 50, cached", samePage, pageRate, slice, false));
    runs.add(measure("one user by id, uncached", anyUser, userRate, slice, true));
    runs.add(measure("one user by id, cached", fewUsers, userRate, slice, false));
    return runs;
  }

  private Run measure(
      String name, LongFunction<String> paths, double rate, Duration slice, boolean cold) {
    if (cold) {
      call("DELETE", apiUrl + "/api/v1/admin/caches/users", admin.authorization());
    } else {
      // read each once, so that the run reads what is cached
      OpenModelLoad.run(
          URI.create(apiUrl), paths, admin::authorization, 20, Duration.ofSeconds(2), 4);
    }
    var step = progress.step(String.format("%s at %.0f requests/s", name, rate));
    var before = statistics();
    var result = OpenModelLoad.run(URI.create(apiUrl), paths, admin::authorization, rate, slice, 4);
    var after = statistics();
    long hits = after[0] - before[0];
    long misses = after[1] - before[1];
    var ratio = hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    step.done(
        String.format(
            "p50 %.1f ms, p99 %.1f ms, hit ratio %.2f, %d errors",
            Bench.millis(result.latencies().percentile(50)),
            Bench.millis(result.latencies().percentile(99)),
            ratio,
            result.errors()));
    return new Run(name, rate, result, ratio);
  }

  /** Hits and misses of the users cache so far, from the API's cache statistics. */
  private long[] statistics() {
    var body = call("GET", apiUrl + "/api/v1/admin/caches/users", admin.authorization());
    return new long[] {number(body, "hits"), number(body, "misses")};
  }

  /** Creates the bench users that are missing; returns the ids of all of them. */
  private List<String> seed() {
    var token = "Bearer " + masterToken();
    var realm = keycloakUrl + "/admin/realms/backplane";
    var count = Long.parseLong(call("GET", realm + "/users/count?search=" + PREFIX, token).trim());
    if (count < USERS) {
      var step =
          progress.step("creating " + USERS + " users in Keycloak (once per data directory)");
      for (int first = 0; first < USERS; first += BATCH) {
        var users = new StringBuilder("{\"ifResourceExists\":\"SKIP\",\"users\":[");
        for (int i = first; i < first + BATCH; i++) {
          var name = String.format("%s%05d", PREFIX, i);
          users
              .append(i == first ? "" : ",")
              .append("{\"username\":\"")
              .append(name)
              .append("\",\"email\":\"")
              .append(name)
              .append("@example.com\",\"firstName\":\"Bench\",\"lastName\":\"User ")
              .append(i)
              .append("\",\"enabled\":true}");
        }
        send("POST", realm + "/partialImport", token, users.append("]}").toString());
      }
      step.done();
    }
    var ids = new ArrayList<String>();
    for (int first = 0; first < USERS; first += 1000) {
      var page =
          call(
              "GET",
              realm
                  + "/users?briefRepresentation=true&max=1000&first="
                  + first
                  + "&search="
                  + PREFIX,
              token);
      var matcher = ID.matcher(page);
      while (matcher.find()) {
        ids.add(matcher.group(1));
      }
    }
    return ids;
  }

  private String masterToken() {
    var form =
        "grant_type=password&client_id=admin-cli&username=keycloak-admin&password=keycloak-admin";
    var response =
        send(
            HttpRequest.newBuilder(
                    URI.create(keycloakUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    var token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response);
    if (!token.find()) {
      throw new IllegalStateException("Keycloak gave no admin token: " + response);
    }
    return token.group(1);
  }

  private String call(String method, String url, String authorization) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization)
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private String send(String method, String url, String authorization, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json)));
  }

  private String send(HttpRequest.Builder request) {
    try {
      var response =
          http.send(
              request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            response.request().method()
                + " "
                + response.request().uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("no answer from " + request.build().uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long number(String json, String name) {
    var matcher = Pattern.compile(String.format(NUMBER.pattern(), name)).matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return Long.parseLong(matcher.group(1));
  }
}
