package dev.backplane.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpProbeTest {

  @Test
  void readyOnceTheAddressAnswers200() throws Exception {
    var calls = new AtomicInteger();
    var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health/ready",
        exchange -> {
          exchange.sendResponseHeaders(calls.incrementAndGet() < 3 ? 503 : 200, -1);
          exchange.close();
        });
    server.start();
    try {
      var url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health/ready";

      assertThat(HttpProbe.awaitOk(url, Duration.ofSeconds(20), () -> true))
          .isEqualTo(HttpProbe.Outcome.READY);
      assertThat(calls.get()).isEqualTo(3);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void deadServerEndsTheWaitAtOnce() {
    assertThat(HttpProbe.awaitOk("http://127.0.0.1:9/", Duration.ofMinutes(5), () -> false))
        .isEqualTo(HttpProbe.Outcome.DIED);
  }

  @Test
  void silentAddressTimesOut() {
    assertThat(HttpProbe.awaitOk("http://127.0.0.1:9/", Duration.ofSeconds(1), () -> true))
        .isEqualTo(HttpProbe.Outcome.TIMED_OUT);
  }
}
