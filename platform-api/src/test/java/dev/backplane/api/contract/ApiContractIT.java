package dev.backplane.api.contract;

import static dev.backplane.api.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.testing.ApiClient;
import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.TestIssuer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API's contract, from the whole API as it ships: {@code /openapi} is a document that tools
 * accept, every operation in it says who may call it and how it fails, and the running API admits
 * exactly the roles the document declares. A new endpoint is covered as soon as it exists: without
 * an operation id, a summary or a role rule, these tests fail.
 */
@ExtendWith(ArquillianExtension.class)
class ApiContractIT {

  static final TestIssuer ISSUER = new TestIssuer();
  private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config =
        ISSUER.mpConfig()
            + "backplane.db.datasource-class=org.h2.jdbcx.JdbcDataSource\n"
            + "backplane.db.url=jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1\n"
            + "backplane.db.user=sa\n"
            + "backplane.db.password=\n";
    return Deployments.wholeApi(config);
  }

  @ArquillianResource URL base;

  ApiClient api() {
    return new ApiClient(base);
  }

  JsonObject document() {
    var response = api().send(api().request("/openapi").header("Accept", "application/json").GET());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return json(response);
  }

  /** Every operation of the document: "METHOD /path" to the operation. */
  Map<String, JsonObject> operations(JsonObject document) {
    var operations = new LinkedHashMap<String, JsonObject>();
    document
        .getJsonObject("paths")
        .forEach(
            (path, item) ->
                item.asJsonObject()
                    .forEach(
                        (method, operation) ->
                            operations.put(
                                method.toUpperCase() + " " + path, operation.asJsonObject())));
    return operations;
  }

  @Test
  void theDocumentIsValidOpenApiInJsonAndInYaml() throws IOException {
    var json = api().send(api().request("/openapi").header("Accept", "application/json").GET());
    var yaml = api().send(api().request("/openapi").header("Accept", "application/yaml").GET());

    var unnamed = api().get("/openapi");

    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.headers().firstValue("Content-Type")).hasValue("application/yaml");
    assertThat(unnamed.headers().firstValue("Content-Type")).hasValue("application/yaml");
    assertThat(unnamed.body()).isEqualTo(yaml.body());
    // the document as last checked, for a reader of the build (also when it fails)
    Files.writeString(Path.of("target/openapi.yaml"), yaml.body());
    for (var text : List.of(json.body(), yaml.body())) {
      var result = new OpenAPIV3Parser().readContents(text, null, new ParseOptions());
      assertThat(result.getMessages()).as("the validator's findings").isEmpty();
      assertThat(result.getOpenAPI().getPaths()).containsKey("/api/v1/me");
    }
    assertThat(json.body()).doesNotContain("\"endpoints\"");
  }

  @Test
  void headAndOtherMethodsOfTheDocumentAnswerWithoutAnError() {
    var get = api().get("/openapi");
    var head =
        api().send(api().request("/openapi").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    var post = api().send(api().request("/openapi").POST(HttpRequest.BodyPublishers.ofString("{")));

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    // and the connection still serves the next request
    assertThat(api().get("/openapi").statusCode()).isEqualTo(200);
  }

  @Test
  void everyOperationHasAUniqueIdASummaryItsRolesAndItsErrors() {
    var soft = new SoftAssertions();
    var ids = new HashSet<String>();
    var operations = operations(document());
    assertThat(operations).hasSizeGreaterThan(20);
    operations.forEach(
        (name, operation) -> {
          soft.assertThat(name)
              .as("a path template without a regular expression")
              .doesNotContain(":");
          var id = operation.getString("operationId", "");
          soft.assertThat(id).as(name + " operationId").matches("[a-z][A-Za-z]+");
          soft.assertThat(ids.add(id)).as(name + " operationId " + id + " is unique").isTrue();
          soft.assertThat(operation.getString("summary", "")).as(name + " summary").isNotBlank();
          soft.assertThat(roles(operation)).as(name + " x-roles").isNotEmpty();
          var responses = operation.getJsonObject("responses");
          soft.assertThat(responses.keySet())
              .as(name + " responses")
              .contains("401", "403", "429", "503")
              .doesNotContain("default")
              .anyMatch(status -> status.startsWith("2"));
          for (var status : List.of("200", "201")) {
            if (responses.containsKey(status)) {
              soft.assertThat(responses.getJsonObject(status).containsKey("content"))
                  .as(name + " " + status + " says what it returns")
                  .isTrue();
            }
          }
          if (name.contains("{")) {
            soft.assertThat(responses.keySet()).as(name + " responses").contains("400", "404");
          }
        });
    soft.assertAll();
  }

  @Test
  void errorsAreProblemDetailsWithTheRateLimitHeaders() {
    var components = document().getJsonObject("components");
    var tooMany = components.getJsonObject("responses").getJsonObject("TooManyRequests");

    assertThat(tooMany.getJsonObject("headers").keySet())
        .contains("Retry-After", "RateLimit-Policy", "RateLimit");
    assertThat(
            tooMany
                .getJsonObject("content")
                .getJsonObject("application/problem+json")
                .getJsonObject("schema")
                .getString("$ref"))
        .isEqualTo("#/components/schemas/Problem");
    assertThat(
            components
                .getJsonObject("schemas")
                .getJsonObject("Problem")
                .getJsonObject("properties")
                .keySet())
        .contains("type", "title", "status", "detail", "instance", "errors");
  }

  /**
   * The security matrix: every operation with no token, refused tokens (expired, another issuer,
   * another audience) and a token of each role alone; the expected answer is the document's.
   */
  @Test
  void everyOperationAdmitsExactlyTheRolesItDeclares() {
    var longAgo = Instant.now().minus(Duration.ofHours(2));
    var refusedTokens =
        Map.of(
            "expired",
            ISSUER.sign(
                ISSUER
                    .claims("admin", Roles.ADMIN)
                    .issueTime(Date.from(longAgo))
                    .expirationTime(Date.from(longAgo.plus(Duration.ofMinutes(5))))
                    .build()),
            "another issuer",
            ISSUER.sign(
                ISSUER
                    .claims("admin", Roles.ADMIN)
                    .issuer("http://127.0.0.1:1/realms/backplane")
                    .build()),
            "another audience",
            ISSUER.sign(ISSUER.claims("admin", Roles.ADMIN).audience("another-api").build()));
    var roleTokens = new LinkedHashMap<String, String>();
    Roles.ALL.forEach(role -> roleTokens.put(role, ISSUER.token("matrix-" + role, role)));
    roleTokens.put("no platform role", ISSUER.token("matrix-nobody", "offline_access"));

    var soft = new SoftAssertions();
    var tried = new ArrayList<String>();
    operations(document())
        .forEach(
            (name, operation) -> {
              var method = name.substring(0, name.indexOf(' '));
              var path = TEMPLATE.matcher(name.substring(name.indexOf(' ') + 1)).replaceAll("x1");
              var declared = roles(operation);
              var type = consumed(operation);
              if (declared.contains("*")) {
                // the data's own rule decides (a collection's records): never a server error, and
                // here no such collection or record exists
                soft.assertThat(call(method, path, type, null))
                    .as(name + " without a token")
                    .isBetween(400, 499)
                    .isNotEqualTo(403);
              } else {
                soft.assertThat(call(method, path, type, null))
                    .as(name + " without a token")
                    .isEqualTo(401);
              }
              refusedTokens.forEach(
                  (what, token) ->
                      soft.assertThat(call(method, path, type, token))
                          .as(name + " with a token of " + what)
                          .isEqualTo(401));
              roleTokens.forEach(
                  (role, token) -> {
                    int status = call(method, path, type, token);
                    if (declared.contains(role) || declared.contains("*")) {
                      soft.assertThat(status).as(name + " as " + role).isNotIn(401, 403);
                    } else {
                      soft.assertThat(status).as(name + " as " + role).isEqualTo(403);
                    }
                  });
              tried.add(name);
            });
    assertThat(tried).hasSizeGreaterThan(20);
    soft.assertAll();
  }

  /** The status of a call; a body, where one is sent, is malformed JSON so that nothing changes. */
  private int call(String method, String path, String type, String token) {
    var request = api().request(path).header("Content-Type", type);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    request.method(
        method,
        withBody ? HttpRequest.BodyPublishers.ofString("{") : HttpRequest.BodyPublishers.noBody());
    return api().send(request).statusCode();
  }

  /** The media type an operation's body is sent as: the first it consumes, or JSON. */
  private static String consumed(JsonObject operation) {
    var body = operation.getJsonObject("requestBody");
    if (body == null || body.getJsonObject("content") == null) {
      return "application/json";
    }
    return body.getJsonObject("content").keySet().stream().findFirst().orElse("application/json");
  }

  private static List<String> roles(JsonObject operation) {
    var roles = operation.getJsonArray("x-roles");
    return roles == null ? List.of() : roles.getValuesAs(JsonString::getString);
  }
}
