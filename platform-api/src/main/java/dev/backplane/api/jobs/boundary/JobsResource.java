package dev.backplane.api.jobs.boundary;

import dev.backplane.api.jobs.control.JobChanged;
import dev.backplane.api.jobs.control.JobQueue;
import dev.backplane.api.jobs.control.JobStore;
import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.jobs.entity.JobPage;
import dev.backplane.api.jobs.entity.JobState;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.problem.entity.FieldViolation;
import dev.backplane.api.requestid.boundary.RequestIdFilter;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import dev.backplane.api.security.entity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/admin/jobs}: the job queue for administrators (retry a failed job, cancel a queued
 * one; audited) and operators (read only), with the files jobs wrote (an export's output).
 */
@Path("admin/jobs")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class JobsResource {

  private static final String ID = "[0-9a-f-]{36}";
  private static final String ID_MESSAGE = "must be a job's id";

  /** What a job's file is sent as, by its name's ending; anything else is bytes. */
  private static final Map<String, String> TYPES =
      Map.of(
          "ndjson", "application/x-ndjson",
          "csv", "text/csv; charset=utf-8",
          "json", MediaType.APPLICATION_JSON);

  @Inject JobQueue queue;
  @Inject JobStore store;
  @Context HttpServletRequest request;

  @Operation(
      operationId = "listJobs",
      summary = "List jobs newest first, filtered by state and type, with their progress")
  @GET
  public JobPage list(
      @QueryParam("state") @Size(max = 16) String state,
      @QueryParam("type") @Size(max = 64) String type,
      @QueryParam("first") @DefaultValue("0") @Min(0) int first,
      @QueryParam("max") @DefaultValue("50") @Min(1) @Max(500) int max) {
    return queue.page(state(state), type, first, max);
  }

  @Operation(operationId = "listJobTypes", summary = "List the types of job there are")
  @GET
  @Path("types")
  public List<String> types() {
    return queue.typeNames();
  }

  @Operation(operationId = "getJob", summary = "Get one job with its attempts and progress")
  @GET
  @Path("{id}")
  public Job get(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
    return queue.find(id);
  }

  @Operation(
      operationId = "retryJob",
      summary = "Queue a failed job again, with as many attempts as a new job has")
  @POST
  @Path("{id}/retry")
  @RolesAllowed(Roles.ADMIN)
  public Job retry(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
    return queue.retry(id, by());
  }

  @Operation(operationId = "cancelJob", summary = "Cancel a queued job: it will not run")
  @POST
  @Path("{id}/cancel")
  @RolesAllowed(Roles.ADMIN)
  public Job cancel(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
    return queue.cancel(id, by());
  }

  @Operation(
      operationId = "downloadJobFile",
      summary = "Download a file a job wrote (an export's output), streamed")
  @GET
  @Path("{id}/files/{name}")
  @Produces(MediaType.WILDCARD)
  public Response file(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @PathParam("name")
          @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,99}", message = "must be a file's name")
          String name) {
    var job = queue.find(id);
    var output = job.result() == null ? null : job.result().getJsonObject("files");
    if (output == null || !output.containsKey(name) || !store.hasFile(id, name)) {
      throw new ResourceNotFoundException("Job " + id + " has no file " + name + ".");
    }
    var extension = name.substring(name.lastIndexOf('.') + 1);
    StreamingOutput body = out -> store.file(id, name).transferTo(out);
    return Response.ok(body, TYPES.getOrDefault(extension, MediaType.APPLICATION_OCTET_STREAM))
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .build();
  }

  private JobChanged.By by() {
    var token = BearerTokenFilter.token(request);
    var name = token.username() == null ? token.subject() : token.username();
    return new JobChanged.By(name, token.subject(), RequestIdFilter.requestId(request));
  }

  private static JobState state(String state) {
    if (state == null) {
      return null;
    }
    try {
      return JobState.valueOf(state);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          List.of(
              new FieldViolation(
                  "state",
                  "must be one of "
                      + String.join(
                          ", ", Arrays.stream(JobState.values()).map(Enum::name).toList()))));
    }
  }
}
