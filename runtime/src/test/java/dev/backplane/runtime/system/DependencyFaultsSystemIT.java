package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backplane.runtime.process.PidFile;
import dev.backplane.runtime.testing.BackplaneCommand;
import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.Signals;
import dev.backplane.runtime.testing.SteadyLoad;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.InstancesPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import jakarta.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./backplane up --instances 3} with a shared dependency frozen (SIGSTOP, as a hung VM or a
 * full disk would) and resumed, under a light load of {@code /me}, a cached user read, a database
 * read (the audit trail), a database write (a rate-limit policy) and a Keycloak read (a user
 * search): what does not need the frozen dependency answers 200 throughout; what needs it answers
 * 503 problem+json with Retry-After within a bound; the load balancer never answers itself; no
 * acknowledged write is missing; everything recovers without a restart, in a time measured here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyFaultsSystemIT {

  private static final Logger LOG = Logger.getLogger(DependencyFaultsSystemIT.class.getName());

  static final TestPorts PORTS = TestPorts.named("faults", 30);
  private static final String API = "/api/v1";

  /** Requests that do not need the frozen dependency: a hang is what the issue saw (40 s). */
  private static final Duration UNAFFECTED_BOUND = Duration.ofSeconds(4);

  /**
   * Requests that need it: the database's timeouts (2 s pool, 5 s connect, 4 s socket) and
   * Keycloak's (5 s) bound them; once an instance has seen the outage they answer at once.
   */
  private static final Duration AFFECTED_BOUND = Duration.ofSeconds(12);

  private static final Duration FROZEN_FOR = Duration.ofSeconds(10);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

  private static BackplaneCommand up;
  private static String admin;
  private static String operator;
  private static String alice;

  @BeforeAll
  static void startCluster() {
    up =
        BackplaneCommand.start(PORTS, Map.of(), "up", "--instances", "3")
            .awaitUp(Duration.ofMinutes(8));
  }

  @AfterAll
  static void stopCluster() {
    if (up != null) {
      BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(3), "down");
      up.awaitExit(Duration.ofMinutes(2));
    }
  }

  @Test
  @Order(1)
  void aFrozenDatabaseFailsOnlyWhatNeedsItAndEverythingRecoversWithoutARestart() {
    logIn();
    var user = createUser("frozen-db");
    var written = new ConcurrentLinkedQueue<String>();
    var load =
        SteadyLoad.start(Duration.ofMillis(150), Duration.ofMinutes(3), channels(user, written));
    try (load;
        var browser = new ConsoleBrowser()) {
      browser.open(PORTS.publicUrl() + "/console/");
      new KeycloakLoginPage(browser).logIn("operator", "operator");
      new DashboardPage(browser);
      awaitAnswers(load);
      var frozen = freeze("postgres");
      long frozenAt = System.nanoTime();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> everyInstanceServesAndReports("database", "unavailable"));
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(statuses()).containsOnly("DEGRADED"));
        // the console keeps working, and says so
        InstancesPage.open(browser, PORTS.publicUrl() + "/console")
            .awaitSummary("3 instances: 3 DEGRADED");
        holdUntil(frozenAt, load, "database read", "database write");
      } finally {
        Signals.send("CONT", frozen);
      }
      var recovery = awaitRecovery(API + "/admin/audit?max=1", operator, "database");
      LOG.info(
          () ->
              "Database frozen: every instance served again "
                  + recovery.toMillis()
                  + " ms after it resumed");
      awaitAnswersAfter(load, System.nanoTime(), "database read", "database write");
    }

    summarize("database", load);
    expect(
        load,
        List.of("me", "cached user", "keycloak read"),
        List.of("database read", "database write"));
    assertThat(load.answers("database read")).anyMatch(a -> a.status() == 503);
    assertThat(load.answers("database write")).anyMatch(a -> a.status() == 503);
    assertThat(load.answers("database write")).anyMatch(a -> a.status() == 201);
    everyAcknowledgedWriteIsStoredAndAudited(written);
  }

  @Test
  @Order(2)
  void aFrozenKeycloakFailsOnlyWhatNeedsItAndEverythingRecoversWithoutARestart() throws Exception {
    logIn();
    var user = createUser("frozen-keycloak");
    var written = new ConcurrentLinkedQueue<String>();
    var load =
        SteadyLoad.start(Duration.ofMillis(150), Duration.ofMinutes(3), channels(user, written));
    try (load) {
      awaitAnswers(load);
      var frozen = freeze("keycloak");
      long frozenAt = System.nanoTime();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> everyInstanceServesAndReports("keycloak", "unavailable"));
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(statuses()).containsOnly("DEGRADED"));
        // the console says so, instead of sending the browser to a login form that never loads
        var console = consoleVisit();
        assertThat(console.statusCode()).isEqualTo(503);
        assertThat(console.body()).contains("Sign-in is unavailable");
        holdUntil(frozenAt, load, "keycloak read");
      } finally {
        Signals.send("CONT", frozen);
      }
      var recovery = awaitRecovery(API + "/users?search=recovered", admin, "keycloak");
      LOG.info(
          () ->
              "Keycloak frozen: every instance served again "
                  + recovery.toMillis()
                  + " ms after it resumed");
      awaitAnswersAfter(load, System.nanoTime(), "keycloak read");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> consoleVisit().body().contains("kc-login"));
    }

    summarize("keycloak", load);
    expect(
        load,
        List.of("me", "cached user", "database read", "database write"),
        List.of("keycloak read"));
    assertThat(load.answers("keycloak read")).anyMatch(a -> a.status() == 503);
    everyAcknowledgedWriteIsStoredAndAudited(written);
  }

  // -- the load

  private static Map<String, Supplier<HttpResponse<String>>> channels(
      String user, ConcurrentLinkedQueue<String> written) {
    var url = PORTS.publicUrl() + API;
    var writes = new AtomicInteger();
    var searches = new AtomicInteger();
    var channels = new LinkedHashMap<String, Supplier<HttpResponse<String>>>();
    channels.put("me", () -> Http.get(url + "/me", alice));
    channels.put("cached user", () -> Http.get(url + "/users/" + user, admin));
    channels.put("database read", () -> Http.get(url + "/admin/audit?max=1", operator));
    channels.put(
        "database write",
        () -> {
          var name = "fault-" + System.nanoTime() + "-" + writes.incrementAndGet();
          var response =
              Http.send(
                  "POST",
                  url + "/admin/rate-limit-policies",
                  admin,
                  """
                  {"name":"%s","quota":1000,"windowSeconds":60,"algorithm":"fixed-window",
                   "partitionBy":"client","enabled":false,"appliesTo":{"paths":["/api/v1/none"]}}"""
                      .formatted(name));
          if (response.statusCode() == 201) {
            written.add(
                Long.toString(Keycloak.json(response.body()).getJsonNumber("id").longValue()));
          }
          return response;
        });
    // a search nobody made before: never in the cache, always Keycloak's
    channels.put(
        "keycloak read",
        () ->
            Http.get(
                url + "/users?search=none" + System.nanoTime() + searches.incrementAndGet(),
                admin));
    return channels;
  }

  private static void awaitAnswers(SteadyLoad load) {
    awaitAnswersAfter(
        load,
        System.nanoTime(),
        "me",
        "cached user",
        "database read",
        "database write",
        "keycloak read");
  }

  /** Until each channel has answered twice with success to requests sent after {@code since}. */
  private static void awaitAnswersAfter(SteadyLoad load, long since, String... channels) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Stream.of(channels)
                    .allMatch(
                        channel ->
                            load.answers(channel, since).stream()
                                    .filter(a -> a.status() / 100 == 2)
                                    .count()
                                >= 2));
  }

  /** Keeps the dependency frozen for {@link #FROZEN_FOR}, and until each channel was refused. */
  private static void holdUntil(long frozenAt, SteadyLoad load, String... refused) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                System.nanoTime() - frozenAt > FROZEN_FOR.toNanos()
                    && Stream.of(refused)
                        .allMatch(
                            c ->
                                load.answers(c, frozenAt).stream()
                                    .anyMatch(a -> a.status() == 503)));
  }

  /**
   * How long after the dependency resumed until {@code path} answers 200 on every instance and
   * every instance reports the dependency available.
   */
  private static Duration awaitRecovery(String path, String token, String dependency) {
    long resumedAt = System.nanoTime();
    await()
        .atMost(RECOVERY_BOUND)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              for (int n = 1; n <= 3; n++) {
                if (Http.get(PORTS.instanceUrl(n) + path, token).statusCode() != 200) {
                  return false;
                }
              }
              return true;
            });
    var recovered = Duration.ofNanos(System.nanoTime() - resumedAt);
    await()
        .atMost(RECOVERY_BOUND)
        .untilAsserted(() -> everyInstanceServesAndReports(dependency, "available"));
    return recovered;
  }

  // -- what must hold

  private static void expect(SteadyLoad load, List<String> unaffected, List<String> affected) {
    var answers = load.all();
    assertThat(answers).as("no request failed or hung").allMatch(a -> a.failure() == null);
    assertThat(answers)
        .as("the load balancer never answers with its own HTML page")
        .noneMatch(a -> a.contentType().startsWith("text/html"));
    for (var channel : unaffected) {
      assertThat(load.answers(channel))
          .as(channel + " answers as usual throughout")
          .isNotEmpty()
          .allMatch(a -> a.status() / 100 == 2)
          .allMatch(a -> a.took().compareTo(UNAFFECTED_BOUND) < 0);
    }
    for (var channel : affected) {
      assertThat(load.answers(channel))
          .as(channel + " answers, or says 503 within the bound")
          .allMatch(a -> a.status() / 100 == 2 || a.status() == 503)
          .allMatch(a -> a.took().compareTo(AFFECTED_BOUND) < 0);
      assertThat(load.answers(channel).stream().filter(a -> a.status() == 503))
          .allMatch(SteadyLoad.Answer::problem)
          .allMatch(a -> a.retryAfter() != null && Integer.parseInt(a.retryAfter()) > 0);
      var all = load.answers(channel);
      assertThat(all.get(all.size() - 1).status() / 100).as(channel + " recovered").isEqualTo(2);
    }
  }

  private static void everyAcknowledgedWriteIsStoredAndAudited(
      ConcurrentLinkedQueue<String> written) {
    assertThat(written).isNotEmpty();
    for (var id : written) {
      var policy = Http.get(PORTS.publicUrl() + API + "/admin/rate-limit-policies/" + id, operator);
      assertThat(policy.statusCode()).as("acknowledged policy " + id).isEqualTo(200);
      var audit =
          Http.get(
              PORTS.publicUrl()
                  + API
                  + "/admin/audit?action=rate-limit-policy.create&targetId="
                  + id,
              operator);
      assertThat(Keycloak.json(audit.body()).getInt("total"))
          .as("audit of policy " + id)
          .isEqualTo(1);
    }
  }

  private static void everyInstanceServesAndReports(String dependency, String state) {
    for (int n = 1; n <= 3; n++) {
      var ready = Http.get(PORTS.instanceUrl(n) + "/health/ready");
      assertThat(ready.statusCode()).as("instance-" + n + " stays ready").isEqualTo(200);
      var dependencies =
          Keycloak.json(ready.body()).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
              .filter(check -> check.getString("name").equals("dependencies"))
              .findFirst()
              .orElseThrow();
      assertThat(dependencies.getJsonObject("data").getString(dependency))
          .as("instance-" + n + " reports " + dependency)
          .isEqualTo(state);
    }
  }

  /** The instances' statuses as the admin API (its cluster-wide registry) gives them. */
  private static List<String> statuses() {
    var report =
        Keycloak.json(Http.get(PORTS.publicUrl() + API + "/admin/instances", operator).body());
    return report.getJsonArray("instances").getValuesAs(JsonObject.class).stream()
        .map(instance -> instance.getString("status"))
        .toList();
  }

  private static void summarize(String frozen, SteadyLoad load) {
    var lines = new ArrayList<String>();
    for (var channel :
        List.of("me", "cached user", "database read", "database write", "keycloak read")) {
      var answers = load.answers(channel);
      lines.add(
          "%-15s %4d answers, %3d of them 503, slowest %5d ms"
              .formatted(
                  channel,
                  answers.size(),
                  answers.stream().filter(a -> a.status() == 503).count(),
                  answers.stream().mapToLong(a -> a.took().toMillis()).max().orElse(0)));
    }
    LOG.info(() -> "With " + frozen + " frozen and resumed:\n  " + String.join("\n  ", lines));
  }

  // -- the platform

  private static void logIn() {
    var keycloak = new Keycloak(PORTS);
    admin = keycloak.token("backplane", "admin", "admin");
    operator = keycloak.token("backplane", "operator", "operator");
    alice = keycloak.token("backplane", "alice", "alice");
  }

  /** A new user (a name of its own: the test data outlives a run), read once so it is cached. */
  private static String createUser(String prefix) {
    var username = prefix + "-" + Long.toString(System.currentTimeMillis(), 36);
    var created =
        Http.send(
            "POST",
            PORTS.publicUrl() + API + "/users",
            admin,
            "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.org\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var id = Keycloak.json(created.body()).getString("id");
    assertThat(Http.get(PORTS.publicUrl() + API + "/users/" + id, admin).statusCode())
        .isEqualTo(200);
    return id;
  }

  /** Stops the server and every process it started (PostgreSQL's backends, Keycloak's JVM). */
  private static List<ProcessHandle> freeze(String name) {
    var server =
        new PidFile(PORTS.data().resolve("run").resolve(name + ".pid"))
            .runningProcess()
            .orElseThrow(() -> new AssertionError(name + " does not run"));
    var all = Stream.concat(Stream.of(server), server.descendants()).toList();
    Signals.send("STOP", all);
    return all;
  }

  private static HttpResponse<String> consoleVisit() throws Exception {
    var browser =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return browser.send(
        HttpRequest.newBuilder(URI.create(PORTS.publicUrl() + "/console/"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
