package dev.backplane.runtime.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few administrative calls a scenario makes around its measurements (not the load itself). */
final class BenchHttp {

  // HTTP/1.1: Java's client asks for an h2c upgrade otherwise, after which Grizzly can break a
  // large answer (see the README)
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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

  /** The status of an answer, whatever it is. */
  int status(String method, String url, String authorization) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", authorization)
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofMinutes(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new IllegalStateException("no answer from " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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

  /** A cache's hits and misses so far, in total over the instances, from the API's figures. */
  long[] hitsAndMisses(String apiUrl, String cache, String authorization) {
    var total =
        object(call("GET", apiUrl + "/api/v1/admin/caches/" + cache, authorization))
            .getJsonObject("total");
    return new long[] {
      total.getJsonNumber("hits").longValue(), total.getJsonNumber("misses").longValue()
    };
  }

  /** A JSON object the API or Keycloak answered. */
  static JsonObject object(String json) {
    return parse(json).asJsonObject();
  }

  /** A JSON array the API or Keycloak answered. */
  static JsonArray array(String json) {
    return parse(json).asJsonArray();
  }

  private static JsonValue parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readValue();
    } catch (JsonException | ClassCastException e) {
      throw new IllegalStateException("not the JSON expected: " + json, e);
    }
  }
}
