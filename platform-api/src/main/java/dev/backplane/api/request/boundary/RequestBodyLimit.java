package dev.backplane.api.request.boundary;

import dev.backplane.api.problem.boundary.ProblemWriter;
import dev.backplane.api.problem.boundary.Problems;
import dev.backplane.api.request.control.BodyTooLargeException;
import dev.backplane.api.request.control.BoundedInputStream;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds every API request body ({@code backplane.api.max-body-bytes}; uploads, of type {@value
 * #UPLOAD} to an import, {@code backplane.api.max-upload-bytes}): a larger declared length is
 * answered 413 before a byte is read, and a body without a length (chunked) or longer than it said
 * fails its reader at the limit, which the API answers 413 too. One request can thus never make an
 * instance hold more than the limit (a 60 MB body once ended an instance with OutOfMemoryError).
 * Mapped in web.xml, after the load shedding and before the token check.
 */
public class RequestBodyLimit extends HttpFilter {

  /** The media type of uploads (a collection's import): their own, larger limit. */
  static final String UPLOAD = "application/x-ndjson";

  /** Where uploads go: {@code /api/v1/admin/collections/{name}/imports}. */
  static final String UPLOAD_PATH_END = "/imports";

  @Inject
  @ConfigProperty(name = "backplane.api.max-body-bytes", defaultValue = "1048576")
  long bodyLimit;

  @Inject
  @ConfigProperty(name = "backplane.api.max-upload-bytes", defaultValue = "67108864")
  long uploadLimit;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var type = request.getContentType();
    // an upload is streamed where it goes (the database, in parts), never held whole; only an
    // import takes one, so an upload's type sent anywhere else gets the small limit
    long limit =
        type != null
                && type.toLowerCase(java.util.Locale.ROOT).startsWith(UPLOAD)
                && request.getRequestURI().endsWith(UPLOAD_PATH_END)
            ? uploadLimit
            : bodyLimit;
    if (request.getContentLengthLong() > limit) {
      // the body is left unread: the connection cannot be reused
      response.setHeader("Connection", "close");
      ProblemWriter.write(response, Problems.of(413, BodyTooLargeException.detail(limit), request));
      return;
    }
    chain.doFilter(new BoundedRequest(request, limit), response);
  }

  private static final class BoundedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream body;

    BoundedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (body == null) {
        body = new BoundedInputStream(super.getInputStream(), limit);
      }
      return body;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
    }

    private Charset charset() {
      var encoding = getCharacterEncoding();
      try {
        return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      } catch (IllegalArgumentException unknown) {
        return StandardCharsets.UTF_8;
      }
    }
  }
}
