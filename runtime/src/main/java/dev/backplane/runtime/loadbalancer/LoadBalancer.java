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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /**
   * HSTS on this machine's HTTPS answers: five minutes. Browsers apply HSTS to a host whatever the
   * port, so a year of it for localhost would send every http://localhost address a browser visits
   * to HTTPS; containers (compose.yaml) say a year.
   */
  public static final int LOCAL_HSTS_SECONDS = 300;

  public static final int CONTAINER_HSTS_SECONDS = 31_536_000;

  private final Path folder;
  private final Path logs;
  private final Path run;
  private final int port;
  private final int httpsPort;
  private final Path certificate;
  private final int statsPort;
  private final List<Integer> instancePorts;

  /**
   * @param httpsPort where it serves HTTPS, with {@code certificate} (certificate and key as PEM)
   */
  public LoadBalancer(
      Path folder,
      Path logs,
      Path run,
      int port,
      int httpsPort,
      Path certificate,
      int statsPort,
      List<Integer> instancePorts) {
    this.folder = folder.toAbsolutePath();
    this.logs = logs;
    this.run = run;
    this.port = port;
    this.httpsPort = httpsPort;
    this.certificate = certificate.toAbsolutePath();
    this.statsPort = statsPort;
    this.instancePorts = List.copyOf(instancePorts);
  }

  public void checkPorts() {
    Ports.requireFree(port, "the load balancer", "BACKPLANE_HTTP_PORT");
    Ports.requireFree(httpsPort, "the load balancer's HTTPS", "BACKPLANE_HTTPS_PORT");
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

  /** The HAProxy configuration of this cluster, on loopback, with its runtime API socket. */
  String configuration() {
    var addresses = new ArrayList<String>();
    for (var instancePort : instancePorts) {
      addresses.add("127.0.0.1:" + instancePort);
    }
    return render(
        "# Written by ./backplane for this cluster; edits are lost at the next start.",
        """
            # the runtime API (servers to maintenance and back, statistics), for this user only
            stats socket %s mode 600 level admin
        """
            .formatted(socket()),
        "",
        "127.0.0.1:" + port,
        "127.0.0.1:" + httpsPort,
        certificate.toString(),
        LOCAL_HSTS_SECONDS,
        "127.0.0.1:" + statsPort,
        addresses);
  }

  /**
   * The configuration of compose.yaml's load balancer ({@code docker/haproxy.cfg}): the same
   * template, with the instances found by Docker's DNS. A test keeps the file equal to this.
   */
  public static String containerConfiguration(int instances) {
    var addresses = new ArrayList<String>();
    for (int i = 1; i <= instances; i++) {
      addresses.add("instance-" + i + ":8080");
    }
    return render(
        """
        # The load balancer of compose.yaml, rendered from the template ./backplane up --instances N
        # uses (runtime/src/main/resources/dev/backplane/runtime/loadbalancer/haproxy.cfg.template);
        # HaproxyConfigurationTest keeps the two in step.""",
        """

        resolvers docker
            nameserver dns 127.0.0.11:53
            hold valid 5s
        """,
        " resolvers docker init-addr last,libc,none",
        ":8080",
        ":8443",
        "/usr/local/etc/haproxy/certs/backplane.pem",
        CONTAINER_HSTS_SECONDS,
        ":8404",
        addresses);
  }

  /** The template (HAProxy 2.6 syntax) with its {@code {{placeholders}}} filled in. */
  private static String render(
      String header,
      String global,
      String defaultServer,
      String bind,
      String httpsBind,
      String certificate,
      int hstsSeconds,
      String statsBind,
      List<String> addresses) {
    var servers = new StringBuilder();
    var tracking = new StringBuilder();
    for (int i = 0; i < addresses.size(); i++) {
      var name = "instance-" + (i + 1);
      servers.append("    server %s %s check\n".formatted(name, addresses.get(i)));
      tracking.append(
          "    server %s %s track api/%s cookie %s\n"
              .formatted(name, addresses.get(i), name, name));
    }
    var values =
        Map.of(
            "header", header,
            "global", global,
            "default-server", defaultServer,
            "bind", bind,
            "https-bind", httpsBind,
            "certificate", certificate,
            "hsts-max-age", Integer.toString(hstsSeconds),
            "stats-bind", statsBind,
            "api-servers", servers.toString(),
            "console-servers", tracking.toString());
    var text = template();
    for (var value : values.entrySet()) {
      text = text.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    if (text.contains("{{")) {
      throw new IllegalStateException("haproxy.cfg.template has a placeholder nobody fills in");
    }
    return text;
  }

  private static String template() {
    try (var in = LoadBalancer.class.getResourceAsStream("haproxy.cfg.template")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the HAProxy template cannot be read", e);
    }
  }
}
