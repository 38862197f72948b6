package dev.backplane.api.collections.boundary;

import dev.backplane.api.audit.boundary.Actors;
import dev.backplane.api.collections.control.CollectionCatalog;
import dev.backplane.api.collections.control.CollectionExport;
import dev.backplane.api.collections.control.CollectionImport;
import dev.backplane.api.collections.entity.Collection;
import dev.backplane.api.collections.entity.CollectionRules;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.ExportRequest;
import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/admin/collections}: the collections' definitions. Administrators create and delete
 * them (audited); operators read them.
 */
@Path("admin/collections")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class CollectionsResource {

  @Inject CollectionCatalog catalog;
  @Inject CollectionExport exports;
  @Inject CollectionImport imports;

  @Operation(operationId = "listCollections", summary = "List the collections, by name")
  @GET
  public List<Collection> list() {
    return catalog.list();
  }

  @Operation(operationId = "getCollection", summary = "One collection's definition")
  @GET
  @Path("{name}")
  public Collection get(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name) {
    return catalog.get(name);
  }

  @Operation(
      operationId = "createCollection",
      summary = "Create a collection and its table (audited)")
  @APIResponse(
      responseCode = "201",
      description = "The collection, at its Location.",
      content = @Content(schema = @Schema(implementation = Collection.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @POST
  @RolesAllowed(Roles.ADMIN)
  public Response create(
      @Valid @NotNull CollectionSpec spec,
      @Context HttpServletRequest request,
      @Context UriInfo uri) {
    var created = catalog.create(Actors.of(request), spec);
    return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build())
        .entity(created)
        .build();
  }

  @Operation(
      operationId = "changeCollection",
      summary = "Change a collection's definition and its table (audited)",
      description =
          "The body is the whole new definition. Fields and indexes come and go, bounds, enum"
              + " values, required and unique change, and rules change; a field keeps its type."
              + " A change the records do not allow (a new required field without a default,"
              + " a new unique over duplicates, a shorter maxLength than a value) answers 409"
              + " naming it, and nothing changes. With If-Match (the version read), a"
              + " collection changed since answers 412. In force on every instance when this"
              + " answers.")
  @APIResponse(
      responseCode = "200",
      description = "The collection at its new version.",
      content = @Content(schema = @Schema(implementation = Collection.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(
      responseCode = "412",
      description = "The collection changed since the If-Match read.")
  @PUT
  @Path("{name}")
  @RolesAllowed(Roles.ADMIN)
  public Collection change(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Valid @NotNull CollectionSpec spec,
      @Context HttpServletRequest request) {
    return catalog.update(Actors.of(request), name, spec, Versions.expected(ifMatch));
  }

  @Operation(
      operationId = "deleteCollection",
      summary = "Delete a collection with its records (audited)")
  @APIResponse(responseCode = "204", description = "Done; nothing to return.")
  @DELETE
  @Path("{name}")
  @RolesAllowed(Roles.ADMIN)
  public Response delete(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @Context HttpServletRequest request) {
    catalog.delete(Actors.of(request), name);
    return Response.noContent().build();
  }

  @Operation(
      operationId = "exportCollection",
      summary = "Export a collection's records to a file, as a job (audited)",
      description =
          "Answers 202 with the job at its Location (/api/v1/admin/jobs/{id}); once it has"
              + " succeeded, its result names the file, downloaded from"
              + " /api/v1/admin/jobs/{id}/files/{file}. NDJSON writes a record per line as the"
              + " records API shows it; CSV a column per system field and field.")
  @APIResponse(
      responseCode = "202",
      description = "The job, queued.",
      content = @Content(schema = @Schema(implementation = Job.class)))
  @POST
  @Path("{name}/exports")
  @RolesAllowed(Roles.ADMIN)
  public Response export(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      @Valid @NotNull ExportRequest export,
      @Context HttpServletRequest request,
      @Context UriInfo uri) {
    var job = exports.start(Actors.of(request), name, export);
    return Response.accepted(job)
        .location(uri.getBaseUriBuilder().path("admin/jobs").path(job.id()).build())
        .build();
  }

  @Operation(
      operationId = "importCollection",
      summary = "Import records from an NDJSON upload, as a job (audited)",
      description =
          "The body is NDJSON (application/x-ndjson, up to backplane.api.max-upload-bytes): one"
              + " record per line, checked as a create is. Answers 202 with the job at its"
              + " Location; its progress counts lines, and its result says how many were rejected,"
              + " with their line numbers and errors in the file rejected.ndjson. System fields in"
              + " a line are ignored; the records are the importing administrator's.")
  @APIResponse(
      responseCode = "202",
      description = "The job, queued.",
      content = @Content(schema = @Schema(implementation = Job.class)))
  @POST
  @Path("{name}/imports")
  @Consumes("application/x-ndjson")
  @RolesAllowed(Roles.ADMIN)
  public Response importRecords(
      @PathParam("name")
          @Pattern(regexp = CollectionRules.NAME, message = CollectionRules.NAME_MESSAGE)
          String name,
      InputStream upload,
      @Context HttpServletRequest request,
      @Context UriInfo uri)
      throws IOException {
    var job = imports.start(Actors.of(request), name, upload);
    return Response.accepted(job)
        .location(uri.getBaseUriBuilder().path("admin/jobs").path(job.id()).build())
        .build();
  }
}
