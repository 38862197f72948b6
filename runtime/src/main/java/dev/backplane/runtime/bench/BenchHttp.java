package dev.backplane.runtime.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** The few administrative calls a scenario makes around its measurements (not the load itself). */
final class BenchHttp {

  private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*(\\d+)");

  private final HttpClient http = HttpClient.newHttpClient();

  String call(String method, String url, String authorization) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization)
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  String send(String method, String url, String authorization, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The body of a 2xx answer; anything else fails the scenario with what was answered. */
  String send(HttpRequest.Builder request) {
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

  /** The first number named {@code name} in a JSON text. */
  static long number(String json, String name) {
    var matcher = Pattern.compile(String.format(NUMBER.pattern(), name)).matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return Long.parseLong(matcher.group(1));
  }
}
