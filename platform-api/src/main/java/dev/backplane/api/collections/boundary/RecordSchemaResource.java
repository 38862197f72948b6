package dev.backplane.api.collections.boundary;

import dev.backplane.api.collections.control.Records;
import dev.backplane.api.collections.entity.CollectionRules;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/collections/{name}/schema}: a collection's records as JSON Schema, for callers who
 * may use them (the collection's rules decide, as for the records themselves).
 */
@Path("collections/{name}/schema")
@ApplicationScoped
@PermitAll
public class RecordSchemaResource {

  static final String JSON_SCHEMA = "application/schema+json";

  @Inject Records records;

  @Operation(
      operationId = "getRecordSchema",
      summary = "The collection's records as JSON Schema (draft 2020-12)",
      description =
          "For callers whom the collection's create, read or list rule admits, and operators."
              + " Made from the definition in force.")
  @APIResponse(
      responseCode = "200",
      description = "The JSON Schema of one record.",
      content = @Content(mediaType = JSON_SCHEMA, schema = @Schema(type = SchemaType.OBJECT)))
  @GET
  @Produces({JSON_SCHEMA, "application/json"})
  public JsonObject schema(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @Context HttpServletRequest request) {
    return records.schema(name, BearerTokenFilter.token(request));
  }
}
