package dev.backplane.api.openapi.boundary;

import dev.backplane.api.problem.boundary.ProblemWriter;
import dev.backplane.api.problem.boundary.Problems;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code /openapi} as tools read it: JSON for {@code Accept: application/json}, otherwise YAML as
 * {@code application/yaml} (Payara answers {@code application/yaml} with 406 and sends YAML as
 * {@code text/plain}), without the Payara-specific top-level {@code endpoints} key that OpenAPI
 * validators reject. Payara is asked once, for JSON, so the document is read as a document; each
 * format is then made once and served from memory (a flood of {@code /openapi} costs no rendering).
 */
public class OpenApiFormats extends HttpFilter {

  static final String YAML = "application/yaml";

  /** The document in each format, made once: it is the deployment's and does not change. */
  private final Map<Format, byte[]> rendered = new ConcurrentHashMap<>();

  private volatile JsonObject document;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setHeader("Allow", "GET, HEAD");
      ProblemWriter.write(
          response, Problems.of(405, "The API's description can only be read (GET).", request));
      return;
    }
    var standard = document;
    if (standard == null) {
      var captured = new CapturedResponse(response);
      chain.doFilter(new GetOfJson(request), captured);
      if (captured.getStatus() != HttpServletResponse.SC_OK) {
        captured.copyToResponse();
        return;
      }
      try (var reader = Json.createReader(new StringReader(captured.text()))) {
        standard = Json.createObjectBuilder(reader.readObject()).remove("endpoints").build();
      }
      document = standard;
    }
    var format = Format.accepted(request.getHeader("Accept"));
    var read = standard;
    var bytes =
        rendered.computeIfAbsent(
            format,
            wanted ->
                (wanted == Format.JSON ? read.toString() : yaml().dump(plain(read)))
                    .getBytes(StandardCharsets.UTF_8));
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(format.mediaType);
    response.setContentLength(bytes.length);
    if ("GET".equals(method)) {
      response.getOutputStream().write(bytes);
    }
  }

  enum Format {
    JSON("application/json"),
    YAML(OpenApiFormats.YAML),
    TEXT("text/plain");

    final String mediaType;

    Format(String mediaType) {
      this.mediaType = mediaType;
    }

    /** The first of the accepted types this serves (q-values aside); YAML when none is named. */
    static Format accepted(String accept) {
      if (accept == null) {
        return YAML;
      }
      for (var range : accept.toLowerCase(Locale.ROOT).split(",")) {
        var type = range.split(";", 2)[0].trim();
        switch (type) {
          case "application/json":
            return JSON;
          case "application/yaml", "application/x-yaml", "text/yaml", "application/*":
            return YAML;
          case "text/plain":
            return TEXT;
          default:
            break;
        }
      }
      return YAML;
    }
  }

  private static Yaml yaml() {
    var options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setSplitLines(false);
    return new Yaml(options);
  }

  /** The JSON document as maps, lists and scalars, in the document's own order. */
  private static Object plain(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT -> {
        var map = new LinkedHashMap<String, Object>();
        ((JsonObject) value).forEach((key, member) -> map.put(key, plain(member)));
        yield map;
      }
      case ARRAY -> {
        var list = new ArrayList<Object>();
        ((JsonArray) value).forEach(item -> list.add(plain(item)));
        yield list;
      }
      case STRING -> ((JsonString) value).getString();
      case NUMBER ->
          ((JsonNumber) value).isIntegral()
              ? ((JsonNumber) value).bigIntegerValue()
              : ((JsonNumber) value).bigDecimalValue();
      case TRUE -> true;
      case FALSE -> false;
      case NULL -> null;
    };
  }

  /** The request as a GET (a HEAD gets no body to read), asking for JSON whatever it accepts. */
  private static final class GetOfJson extends HttpServletRequestWrapper {

    GetOfJson(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getMethod() {
      return "GET";
    }

    @Override
    public String getHeader(String name) {
      return "Accept".equalsIgnoreCase(name) ? "application/json" : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return "Accept".equalsIgnoreCase(name)
          ? Collections.enumeration(List.of("application/json"))
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      // also when the client sent no Accept at all
      var names = new ArrayList<String>();
      names.add("Accept");
      Collections.list(super.getHeaderNames()).stream()
          .filter(name -> !"Accept".equalsIgnoreCase(name))
          .forEach(names::add);
      return Collections.enumeration(names);
    }
  }

  /** Keeps what Payara writes, to be rewritten once it is whole (the document is small). */
  private static final class CapturedResponse extends HttpServletResponseWrapper {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ServletOutputStream stream =
        new ServletOutputStream() {
          @Override
          public void write(int b) {
            body.write(b);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            body.write(bytes, offset, length);
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("the document is written blocking");
          }
        };
    private PrintWriter writer;

    CapturedResponse(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return stream;
    }

    @Override
    public PrintWriter getWriter() {
      if (writer == null) {
        writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
      }
      return writer;
    }

    @Override
    public void setContentLength(int length) {}

    @Override
    public void setContentLengthLong(long length) {}

    @Override
    public void flushBuffer() {}

    String text() {
      if (writer != null) {
        writer.flush();
      }
      return body.toString(StandardCharsets.UTF_8);
    }

    void copyToResponse() throws IOException {
      var bytes = text().getBytes(StandardCharsets.UTF_8);
      getResponse().setContentLength(bytes.length);
      getResponse().getOutputStream().write(bytes);
    }
  }
}
