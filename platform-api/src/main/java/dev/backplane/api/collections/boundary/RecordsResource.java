package dev.backplane.api.collections.boundary;

import dev.backplane.api.collections.control.IdempotencyKeys;
import dev.backplane.api.collections.control.RecordQuery;
import dev.backplane.api.collections.control.Records;
import dev.backplane.api.collections.entity.CollectionRules;
import dev.backplane.api.problem.control.RejectedInputException;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/collections/{name}/records}: a collection's records for API consumers. Who may do
 * what is the collection's own rule for each operation (anyone, authenticated, owner, roles), so
 * the resource lets every caller in and {@link Records} applies the rule.
 */
@Path("collections/{name}/records")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class RecordsResource {

  private static final String ID = "[0-9a-f-]{36}";
  private static final String ID_MESSAGE = "must be a record's id";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /**
   * Records answer per caller: kept by the caller's own cache only, and checked again each time.
   */
  private static final CacheControl PRIVATE = CacheControl.valueOf("private, no-cache");

  @Inject Records records;

  @Operation(
      operationId = "createRecord",
      summary = "Create a record; the collection's create rule decides who may",
      description =
          "With an Idempotency-Key (a UUID, say), a retry of the same request within 24 hours"
              + " makes no second record and answers as the first did, with Idempotent-Replayed:"
              + " true; the key with another body answers 422, and a retry while the first is"
              + " still at work 409.")
  @APIResponse(
      responseCode = "201",
      description =
          "The record, at its Location: its fields and id, owner, createdAt, updatedAt"
              + " and version; its ETag is its version.",
      content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(
      responseCode = "422",
      description = "The Idempotency-Key was used for another request.")
  @POST
  public Response create(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
      @NotNull String body,
      @Context HttpServletRequest request,
      @Context UriInfo uri) {
    var caller = BearerTokenFilter.token(request);
    var values = object(body);
    var key = IdempotencyKeys.of(idempotencyKey, Records.owner(caller), name, values);
    Records.Created created;
    try {
      created = records.create(name, caller, values, key);
    } catch (IdempotencyKeys.Raced raced) {
      created = records.replay(key);
    }
    var record = created.record();
    var answer =
        Response.created(uri.getAbsolutePathBuilder().path(record.getString("id")).build())
            .entity(record)
            .tag(tag(record))
            .cacheControl(PRIVATE);
    if (created.replayed()) {
      answer.header("Idempotent-Replayed", "true");
    }
    return answer.build();
  }

  /** The body as a JSON object; anything else is the caller's mistake (400), never a 500. */
  private static JsonObject object(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new RejectedInputException("The body must be one JSON object of the record's fields.");
    }
  }

  @Operation(
      operationId = "listRecords",
      summary = "List records; the collection's list rule decides whose",
      description =
          "A page of the records the caller may list and read. filter is RSQL over the records'"
              + " fields and system fields: == != =lt= =le= =gt= =ge= =in=(a,b) =out=(a,b)"
              + " =null=true, joined by ; (and) and , (or) with parentheses; * at the start or"
              + " end of a text value matches any characters. sort names up to 4 fields, - before"
              + " a name for descending (records without a value come last ascending, first"
              + " descending); the id ends every order. A page holds limit records"
              + " (50 by default, at most 500); next, when present, is the cursor for the page"
              + " after (pass it as after, with the same sort). fields names the fields to show"
              + " (the id always is). total=true counts every record the filter lets through.")
  @APIResponse(
      responseCode = "200",
      description = "items (the records), next (the cursor of the next page, if any) and total.",
      content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  @GET
  public Response list(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @QueryParam("filter") String filter,
      @QueryParam("sort") String sort,
      @QueryParam("after") String after,
      @QueryParam("fields") String fields,
      @QueryParam("limit") Integer limit,
      @QueryParam("total") @DefaultValue("false") boolean total,
      @Context HttpServletRequest request,
      @Context UriInfo uri) {
    var page =
        records.list(
            name,
            BearerTokenFilter.token(request),
            new RecordQuery.Request(filter, sort, after, fields, limit),
            total);
    var answer = Response.ok(page).cacheControl(PRIVATE);
    if (page.containsKey("next")) {
      var next = uri.getRequestUriBuilder().replaceQueryParam("after", page.getString("next"));
      answer.link(next.build(), "next");
    }
    return answer.build();
  }

  @Operation(
      operationId = "getRecord",
      summary = "Read a record; the collection's read rule decides who may")
  @APIResponse(
      responseCode = "200",
      description =
          "The record: its fields and id, owner, createdAt, updatedAt and version; its ETag is"
              + " its version.",
      content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "304", description = "The version If-None-Match names is current.")
  @GET
  @Path("{id}")
  public Response read(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @Context HttpServletRequest request,
      @Context Request conditions) {
    var record = records.read(name, BearerTokenFilter.token(request), id);
    var tag = tag(record);
    var unchanged = conditions.evaluatePreconditions(tag);
    if (unchanged != null) {
      return unchanged.tag(tag).cacheControl(PRIVATE).build();
    }
    return Response.ok(record).tag(tag).cacheControl(PRIVATE).build();
  }

  @Operation(
      operationId = "replaceRecord",
      summary = "Replace a record's fields; the collection's update rule decides who may",
      description =
          "The body holds the record's fields whole: a field left out takes its default. With"
              + " If-Match (the ETag read), a record changed since answers 412 and stays as it"
              + " is.")
  @APIResponse(
      responseCode = "200",
      description = "The record as it is now, with its new version as ETag.",
      content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "412", description = "The record changed since the If-Match read.")
  @PUT
  @Path("{id}")
  public Response replace(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @NotNull String body,
      @Context HttpServletRequest request) {
    var record =
        records.update(
            name,
            BearerTokenFilter.token(request),
            id,
            object(body),
            false,
            Versions.expected(ifMatch));
    return Response.ok(record).tag(tag(record)).cacheControl(PRIVATE).build();
  }

  @Operation(
      operationId = "patchRecord",
      summary = "Change some of a record's fields (JSON Merge Patch, RFC 7396)",
      description =
          "The body names the fields to change; null removes a value (the field takes its"
              + " default). With If-Match (the ETag read), a record changed since answers 412 and"
              + " stays as it is.")
  @APIResponse(
      responseCode = "200",
      description = "The record as it is now, with its new version as ETag.",
      content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "412", description = "The record changed since the If-Match read.")
  @PATCH
  @Path("{id}")
  @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
  public Response patch(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @NotNull String body,
      @Context HttpServletRequest request) {
    var record =
        records.update(
            name,
            BearerTokenFilter.token(request),
            id,
            object(body),
            true,
            Versions.expected(ifMatch));
    return Response.ok(record).tag(tag(record)).cacheControl(PRIVATE).build();
  }

  /** A record's entity tag: its version, which every change raises. */
  private static EntityTag tag(JsonObject record) {
    return new EntityTag(Long.toString(record.getJsonNumber("version").longValue()));
  }

  @Operation(
      operationId = "deleteRecord",
      summary = "Delete a record; the collection's delete rule decides who may")
  @APIResponse(responseCode = "204", description = "Done; nothing to return.")
  @DELETE
  @Path("{id}")
  public Response delete(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Context HttpServletRequest request) {
    records.delete(name, BearerTokenFilter.token(request), id, Versions.expected(ifMatch));
    return Response.noContent().build();
  }
}
