package dev.backplane.runtime.bench;

import dev.backplane.runtime.Progress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The {@code users} scenario: with {@value #USERS} users in Keycloak (created once, in batches,
 * through Keycloak's partial import), the latency of a page of 50 users and of one user read
 * through the API, each uncached (every request asks for something not read before, after the cache
 * was cleared) and cached (the same few again), with the cache's hit ratio over each run.
 */
final class UsersScenario {

  static final int USERS = 10_000;
  private static final String PREFIX = BenchUsers.PREFIX;

  private final BenchHttp http = new BenchHttp();
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
    var ids = new BenchUsers(keycloakUrl, progress).ensure(USERS);
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
      http.call("DELETE", apiUrl + "/api/v1/admin/caches/users", admin.authorization());
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
    return http.hitsAndMisses(apiUrl, "users", admin.authorization());
  }
}
