package dev.backplane.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain GETs against a test platform, with or without a bearer token. */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  public static HttpResponse<String> get(String url, String token) {
    return send(
        HttpRequest.newBuilder(URI.create(url)).GET().header("Authorization", "Bearer " + token));
  }

  /** Any method, with a JSON body when {@code json} is not null, and a token when one is given. */
  public static HttpResponse<String> send(String method, String url, String token, String json) {
    return send(method, url, token, json, java.util.Map.of());
  }

  /** As {@link #send(String, String, String, String)}, with more request headers. */
  public static HttpResponse<String> send(
      String method, String url, String token, String json, java.util.Map<String, String> headers) {
    var request = request(method, url, token, json);
    headers.forEach(request::setHeader);
    return send(request);
  }

  /** A request with a JSON body when {@code json} is not null, and a token when one is given. */
  static HttpRequest.Builder request(String method, String url, String token, String json) {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
