package dev.backplane.runtime.loadbalancer;

import dev.backplane.runtime.LaunchException;
import dev.backplane.runtime.Progress;
import dev.backplane.runtime.process.HttpProbe;
import dev.backplane.runtime.process.ManagedProcess;
import dev.backplane.runtime.process.PidFile;
import dev.backplane.runtime.process.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The load balancer of a local cluster: HAProxy from Debian's packages, on loopback, in front of
 * the instances. It checks each instance's {@code /health/ready} every second (two failures take it
 * out, two successes bring it back), sends a request whose connection failed to another instance,
 * retries GET, HEAD and OPTIONS on another instance after an empty answer or a 503 (never a POST,
 * PUT or DELETE that reached an instance), and keeps a browser's {@code /console} on one instance
 * by a cookie (its Vaadin session lives there).
 */
public final class LoadBalancer {

  public static final String NAME = "haproxy";

  private final Path folder;
  private final Path logs;
  private final Path run;
  private final int port;
  private final int statsPort;
  private final List<Integer> instancePorts;

  public LoadBalancer(
      Path folder, Path logs, Path run, int port, int statsPort, List<Integer> instancePorts) {
    this.folder = folder.toAbsolutePath();
    this.logs = logs;
    this.run = run;
    this.port = port;
    this.statsPort = statsPort;
    this.instancePorts = List.copyOf(instancePorts);
  }

  public void checkPorts() {
    Ports.requireFree(port, "the load balancer", "BACKPLANE_HTTP_PORT");
    Ports.requireFree(statsPort, "the load balancer's statistics", "BACKPLANE_LB_STATS_PORT");
  }

  /** Its statistics page (servers up or down, sessions, retries). */
  public String statsUrl() {
    return "http://127.0.0.1:" + statsPort + "/stats";
  }

  public ManagedProcess start(Progress progress) {
    var haproxy = Path.of("/usr/sbin/haproxy");
    if (!Files.isExecutable(haproxy)) {
      throw new LaunchException(
          "a local cluster needs HAProxy from Debian's packages (no /usr/sbin/haproxy); as root"
              + " ./backplane installs it, otherwise: apt-get install haproxy.");
    }
    var step = progress.step("Load balancer (HAProxy): starting on 127.0.0.1:" + port);
    var config = folder.resolve("haproxy.cfg");
    try {
      Files.createDirectories(folder);
      Files.createDirectories(run);
      Files.writeString(config, configuration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + config, e);
    }
    var process =
        ManagedProcess.start(
            NAME,
            List.of(haproxy.toString(), "-db", "-f", config.toString()),
            Map.of(),
            folder,
            logs.resolve(NAME + ".log"),
            new PidFile(run.resolve(NAME + ".pid")),
            config.toString());
    var outcome = HttpProbe.awaitOk(statsUrl(), Duration.ofSeconds(30), process::isAlive);
    if (outcome != HttpProbe.Outcome.READY) {
      step.failed();
      process.stop(Duration.ofSeconds(10));
      throw new LaunchException(
          "HAProxy did not start; see " + process.log() + " and " + config + ".");
    }
    step.done("ready");
    return process;
  }

  /**
   * Puts an instance into maintenance (no request reaches it, whatever its health) or back into
   * service (it takes requests again once its health check passes), through HAProxy's runtime API.
   */
  public void inService(String instance, boolean inService) {
    var answer =
        command("set server api/" + instance + " state " + (inService ? "ready" : "maint"));
    if (!answer.isBlank()) {
      throw new IllegalStateException("HAProxy refused to change " + instance + ": " + answer);
    }
  }

  /**
   * The state of each instance in the API's backend as HAProxy sees it: UP (taking requests), DOWN,
   * MAINT (in maintenance), NOLB or DRAIN; without HAProxy's count of checks towards the next one.
   */
  public Map<String, String> states() {
    var lines = command("show stat").lines().toList();
    if (lines.isEmpty() || !lines.getFirst().startsWith("# ")) {
      throw new IllegalStateException("HAProxy's statistics are not CSV: " + lines);
    }
    var header = List.of(lines.getFirst().substring(2).split(","));
    int proxy = header.indexOf("pxname");
    int server = header.indexOf("svname");
    int status = header.indexOf("status");
    var states = new TreeMap<String, String>();
    for (var line : lines.subList(1, lines.size())) {
      var fields = line.split(",", -1);
      if (fields.length > status
          && fields[proxy].equals("api")
          && fields[server].startsWith("instance-")) {
        // "UP 1/2": up, one failed check towards DOWN (or just back from maintenance)
        states.put(fields[server], fields[status].split(" ")[0]);
      }
    }
    return states;
  }

  private Path socket() {
    return run.resolve(NAME + ".sock").toAbsolutePath();
  }

  /** One command to HAProxy's runtime API; its answer. */
  private String command(String command) {
    try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(socket()))) {
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      var answer = new ByteArrayOutputStream();
      var buffer = ByteBuffer.allocate(16 * 1024);
      while (channel.read(buffer) >= 0) {
        answer.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      return answer.toString(StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("HAProxy's runtime API " + socket() + " does not answer", e);
    }
  }

  static final String DOT_SEGMENTS =
      """
      {"type":"about:blank","title":"Bad Request","status":400,\
      "detail":"A path with '.' or '..' segments or a ':' is not accepted."}""";

  static final String INTERNAL_ONLY =
      """
      {"type":"about:blank","title":"Not Found","status":404,\
      "detail":"Health and metrics are served on each instance's own address, not through the\
       load balancer."}""";

  /**
   * HAProxy's own answers when no instance answers, by status. (A request HAProxy cannot even parse
   * still gets its HTML 400: http-error does not reach that far; errorfiles would.)
   */
  private static final SortedMap<Integer, OwnAnswer> OWN_ANSWERS =
      new TreeMap<>(
          Map.of(
              502,
              new OwnAnswer(
                  "Bad Gateway", "An instance gave an answer that is not HTTP; try again."),
              503,
              new OwnAnswer(
                  "Service Unavailable", "No instance can answer now; try again shortly."),
              504,
              new OwnAnswer(
                  "Gateway Timeout", "No instance answered in time; try again shortly.")));

  private record OwnAnswer(String title, String detail) {}

  /** The http-error lines of HAProxy's own answers, as problem details. */
  static String errorAnswers() {
    var lines = new StringBuilder();
    for (var answer : OWN_ANSWERS.entrySet()) {
      int status = answer.getKey();
      var problem =
          "{\"type\":\"about:blank\",\"title\":\""
              + answer.getValue().title()
              + "\",\"status\":"
              + status
              + ",\"detail\":\""
              + answer.getValue().detail()
              + "\"}";
      lines
          .append("    http-error status ")
          .append(status)
          .append(" content-type application/problem+json string \"")
          .append(escaped(problem))
          .append('"')
          .append(status >= 503 ? " hdr Retry-After 1" : "")
          .append('\n');
    }
    return lines.toString();
  }

  /** A text as HAProxy's double-quoted string argument. */
  private static String escaped(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The HAProxy configuration (HAProxy 2.6 syntax). */
  String configuration() {
    var servers = new StringBuilder();
    var tracking = new StringBuilder();
    for (int i = 0; i < instancePorts.size(); i++) {
      var name = "instance-" + (i + 1);
      var address = "127.0.0.1:" + instancePorts.get(i);
      servers.append("    server ").append(name).append(' ').append(address).append(" check\n");
      tracking
          .append("    server ")
          .append(name)
          .append(' ')
          .append(address)
          .append(" track api/")
          .append(name)
          .append(" cookie ")
          .append(name)
          .append('\n');
    }
    return """
        # Written by ./backplane for this cluster; edits are lost at the next start.
        global
            log stdout format raw local0 notice
            maxconn 4000
            # the runtime API (servers to maintenance and back, statistics), for this user only
            stats socket %s mode 600 level admin

        defaults
            mode http
            log global
            option dontlognull
            # the client's address for the instances (rate limits by address trust this hop)
            option forwardfor
            timeout connect 2s
            timeout client 60s
            timeout server 60s
            timeout http-request 10s
            timeout http-keep-alive 5s
            timeout queue 5s
            timeout check 2s
            # a failed connection is tried again on another instance (nothing was sent)
            retries 2
            option redispatch 1
            retry-on conn-failure empty-response 503
            default-server inter 1s fastinter 500ms downinter 2s fall 2 rise 2
            # HAProxy's own answers are problem details too, never its HTML pages
        %s
        frontend platform
            bind 127.0.0.1:%d
            # no client needs dot segments; refused, they cannot spell a path past the rules below;
            # nor a ':' in a path, which Payara 7.2025.1 answers 503 (its issue 7777)
            http-request return status 400 content-type application/problem+json string "%s" if { path,url_dec -m reg (^|/)\\.\\.?(/|;|$) } || { path,url_dec -m sub : }
            # health and metrics are for the balancer and Prometheus, which ask each instance
            # directly: the public entry point does not show them
            http-request return status 404 content-type application/problem+json string "%s" if { path,url_dec -m reg ^/+(health|metrics)(/|;|$) }
            # answers that arrived are retried for methods that change nothing only
            http-request disable-l7-retry unless METH_GET || METH_HEAD || METH_OPTIONS
            use_backend console if { path_beg /console }
            default_backend api

        backend api
            balance roundrobin
            option httpchk GET /health/ready
            http-check expect status 200
        %s
        backend console
            balance roundrobin
            cookie BACKPLANE_INSTANCE insert indirect nocache httponly
        %s
        listen stats
            bind 127.0.0.1:%d
            stats enable
            stats uri /stats
            stats refresh 5s
        """
        .formatted(
            socket(),
            errorAnswers(),
            port,
            escaped(DOT_SEGMENTS),
            escaped(INTERNAL_ONLY),
            servers,
            tracking,
            statsPort);
  }
}
