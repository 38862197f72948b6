package dev.backplane.console.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Every error answer of the API (its problem details) as the ApiException the console shows. */
public class ProblemAnswers implements ResponseExceptionMapper<ApiException> {

  private static final Jsonb JSONB = JsonbBuilder.create();

  @Override
  public boolean handles(int status, MultivaluedMap<String, Object> headers) {
    return status >= 400;
  }

  @Override
  public ApiException toThrowable(Response response) {
    return ApiException.from(response.getStatus(), response.readEntity(String.class), JSONB);
  }
}
