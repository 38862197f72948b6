package dev.backplane.api.openapi.boundary;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the document Payara derives from the resources with what every operation shares, so
 * that tools (client generators, validators, the security matrix test) need nothing else:
 *
 * <ul>
 *   <li>{@code x-roles}: the realm roles the operation's role rule admits ({@code @RolesAllowed},
 *       method over class, as RoleRules enforces it; {@code ["*"]} for {@code @PermitAll}), read
 *       from the resource classes themselves so the document cannot drift from the rules;
 *   <li>its error responses as problem details ({@code application/problem+json}): 401, 403, 429
 *       and 503 on every operation, 400 where it takes input, 404 where its path names something,
 *       413 and 415 where it takes a body;
 *   <li>the RateLimit headers on its successful answers and on 429, {@code Retry-After} on 429 and
 *       503; a {@code default} success becomes the status it is (200 with a body, 204 without).
 * </ul>
 */
public class ApiDocument implements OASFilter {

  static final String PROBLEM = "application/problem+json";
  private static final Pattern TEMPLATE_REGEX = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");

  @Override
  public void filterOpenAPI(OpenAPI document) {
    addComponents(document);
    var roles = declaredRoles();
    if (document.getPaths() == null) {
      return;
    }
    document
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations()
                    .forEach(
                        (method, operation) ->
                            complete(
                                path,
                                method,
                                operation,
                                roles.get(method.name() + " " + normalized(path)))));
  }

  private static void complete(
      String path, PathItem.HttpMethod method, Operation operation, List<String> roles) {
    if (roles != null) {
      operation.addExtension("x-roles", roles);
    }
    var responses = operation.getResponses();
    var success = responses.getDefaultValue();
    if (success != null) {
      responses.removeAPIResponse(APIResponses.DEFAULT);
      boolean hasBody = success.getContent() != null && !isUntypedObject(success);
      responses.addAPIResponse(hasBody ? "200" : "204", hasBody ? success : noContent());
    }
    responses
        .getAPIResponses()
        .forEach(
            (status, response) -> {
              if (status.startsWith("2")) {
                response.addHeader("RateLimit-Policy", ref("RateLimit-Policy"));
                response.addHeader("RateLimit", ref("RateLimit"));
              }
            });
    boolean takesBody = operation.getRequestBody() != null;
    boolean takesInput =
        takesBody || (operation.getParameters() != null && !operation.getParameters().isEmpty());
    if (takesInput) {
      responses.addAPIResponse("400", responseRef("BadRequest"));
    }
    responses.addAPIResponse("401", responseRef("Unauthorized"));
    responses.addAPIResponse("403", responseRef("Forbidden"));
    if (path.contains("{")) {
      responses.addAPIResponse("404", responseRef("NotFound"));
    }
    if (takesBody) {
      responses.addAPIResponse("413", responseRef("PayloadTooLarge"));
      responses.addAPIResponse("415", responseRef("UnsupportedMediaType"));
    }
    responses.addAPIResponse("429", responseRef("TooManyRequests"));
    responses.addAPIResponse("503", responseRef("ServiceUnavailable"));
  }

  /** What Payara writes for a method that returns a JAX-RS Response: nothing known about it. */
  private static boolean isUntypedObject(APIResponse response) {
    return response.getContent().getMediaTypes().values().stream()
        .allMatch(
            media ->
                media.getSchema() == null
                    || (media.getSchema().getRef() == null
                        && media.getSchema().getType() == Schema.SchemaType.OBJECT
                        && media.getSchema().getProperties() == null));
  }

  private static APIResponse noContent() {
    return OASFactory.createAPIResponse().description("Done; nothing to return.");
  }

  private static void addComponents(OpenAPI document) {
    var components = document.getComponents();
    if (components == null) {
      components = OASFactory.createComponents();
      document.setComponents(components);
    }
    components.addSchema(
        "FieldViolation",
        OASFactory.createSchema()
            .type(Schema.SchemaType.OBJECT)
            .description("One invalid input value: where it was and what is wrong with it.")
            .addProperty("field", string("The field, e.g. \"email\" or \"appliesTo.paths[0]\"."))
            .addProperty("message", string("What the field needs.")));
    components.addSchema(
        "Problem",
        OASFactory.createSchema()
            .type(Schema.SchemaType.OBJECT)
            .description("An RFC 9457 problem detail: the body of every error response.")
            .addProperty("type", string("A URI naming the kind of problem; about:blank if none."))
            .addProperty("title", string("The HTTP status's reason phrase."))
            .addProperty(
                "status", OASFactory.createSchema().type(Schema.SchemaType.INTEGER).format("int32"))
            .addProperty("detail", string("What went wrong with this request, for a person."))
            .addProperty("instance", string("The path the request asked for."))
            .addProperty("requestId", string("The request's id, also in X-Request-Id."))
            .addProperty(
                "errors",
                OASFactory.createSchema()
                    .type(Schema.SchemaType.ARRAY)
                    .description("The invalid input values of a validation problem (400).")
                    .items(OASFactory.createSchema().ref("FieldViolation")))
            .addProperty(
                "violated-policies",
                OASFactory.createSchema()
                    .type(Schema.SchemaType.ARRAY)
                    .description("The rate-limit policies whose quota is used up (429).")
                    .items(string(null))));
    components.addHeader(
        "RateLimit-Policy",
        header(
            "The quota policies that counted this request (draft-ietf-httpapi-ratelimit-headers),"
                + " a structured-field list, e.g. \"burst\";q=100;w=60.",
            Schema.SchemaType.STRING));
    components.addHeader(
        "RateLimit",
        header(
            "What is left of each policy's quota, e.g. \"burst\";r=42;t=18.",
            Schema.SchemaType.STRING));
    components.addHeader(
        "Retry-After", header("Seconds to wait before trying again.", Schema.SchemaType.INTEGER));
    components.addResponse("BadRequest", problem("The input is malformed or invalid."));
    components.addResponse(
        "Unauthorized",
        problem("No bearer token, or one that is invalid, expired, or not for this API."));
    components.addResponse("Forbidden", problem("The caller's roles do not allow this."));
    components.addResponse("NotFound", problem("There is nothing at this address."));
    components.addResponse(
        "Conflict", problem("The request conflicts with what exists, e.g. a name taken."));
    components.addResponse("PayloadTooLarge", problem("The body is larger than the API accepts."));
    components.addResponse(
        "UnsupportedMediaType", problem("The body is not JSON (application/json)."));
    var tooMany =
        problem("A rate-limit policy's quota is used up; violated-policies names it.")
            .addHeader("Retry-After", ref("Retry-After"))
            .addHeader("RateLimit-Policy", ref("RateLimit-Policy"))
            .addHeader("RateLimit", ref("RateLimit"));
    components.addResponse("TooManyRequests", tooMany);
    components.addResponse(
        "ServiceUnavailable",
        problem(
                "What the request needs cannot answer now (the database, Keycloak, the rate-limit"
                    + " counters), or the instance is stopping or overloaded; try again.")
            .addHeader("Retry-After", ref("Retry-After")));
  }

  private static APIResponse problem(String description) {
    return OASFactory.createAPIResponse()
        .description(description)
        .content(
            OASFactory.createContent()
                .addMediaType(
                    PROBLEM,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
  }

  private static APIResponse responseRef(String name) {
    return OASFactory.createAPIResponse().ref(name);
  }

  private static Header ref(String name) {
    return OASFactory.createHeader().ref(name);
  }

  private static Header header(String description, Schema.SchemaType type) {
    return OASFactory.createHeader()
        .description(description)
        .schema(OASFactory.createSchema().type(type));
  }

  private static Schema string(String description) {
    return OASFactory.createSchema().type(Schema.SchemaType.STRING).description(description);
  }

  /**
   * "METHOD /path" of every resource method of the application, to its role rule: the resources are
   * CDI beans, found here so that no feature has to register with the document.
   */
  static Map<String, List<String>> declaredRoles() {
    var beans = CDI.current().getBeanManager().getBeans(Object.class, Any.Literal.INSTANCE);
    var root =
        beans.stream()
            .map(bean -> bean.getBeanClass().getAnnotation(ApplicationPath.class))
            .filter(path -> path != null)
            .map(ApplicationPath::value)
            .findFirst()
            .orElse("");
    var roles = new HashMap<String, List<String>>();
    for (var bean : beans) {
      var type = bean.getBeanClass();
      var typePath = type.getAnnotation(Path.class);
      if (typePath == null) {
        continue;
      }
      for (var method : type.getMethods()) {
        var http = httpMethod(method);
        if (http == null) {
          continue;
        }
        var methodPath = method.getAnnotation(Path.class);
        var path =
            "/"
                + root
                + "/"
                + typePath.value()
                + (methodPath == null ? "" : "/" + methodPath.value());
        roles.put(http + " " + normalized(path), rule(method, type));
      }
    }
    return roles;
  }

  private static String httpMethod(Method method) {
    for (var annotation : method.getAnnotations()) {
      var http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  private static List<String> rule(Method method, Class<?> type) {
    if (method.isAnnotationPresent(DenyAll.class)) {
      return List.of();
    }
    if (method.isAnnotationPresent(PermitAll.class)) {
      return List.of("*");
    }
    var allowed = method.getAnnotation(RolesAllowed.class);
    if (allowed == null) {
      allowed = type.getAnnotation(RolesAllowed.class);
    }
    if (allowed != null) {
      return List.of(allowed.value());
    }
    return type.isAnnotationPresent(PermitAll.class) ? List.of("*") : List.of();
  }

  /** One slash between segments, none at the end, templates without their regular expressions. */
  static String normalized(String path) {
    var plain = TEMPLATE_REGEX.matcher(path).replaceAll("{$1}").replaceAll("/+", "/");
    return plain.length() > 1 && plain.endsWith("/")
        ? plain.substring(0, plain.length() - 1)
        : plain;
  }
}
