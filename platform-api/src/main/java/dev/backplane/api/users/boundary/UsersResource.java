package dev.backplane.api.users.boundary;

import dev.backplane.api.audit.boundary.Actors;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.users.control.UserDirectory;
import dev.backplane.api.users.entity.EnabledChange;
import dev.backplane.api.users.entity.NewUser;
import dev.backplane.api.users.entity.PasswordReset;
import dev.backplane.api.users.entity.ProfileUpdate;
import dev.backplane.api.users.entity.RoleAssignment;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserPage;
import dev.backplane.api.users.entity.UserSession;
import dev.backplane.api.users.entity.UserUpdate;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/users}: the realm's users. Administrators may do everything, operators read, and
 * every caller reads and edits its own profile at {@code /users/me}.
 */
@Path("users")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class UsersResource {

  /** Keycloak's user ids are UUIDs; anything else could never name a user. */
  private static final String ID = "[A-Za-z0-9-]{1,64}";

  private static final String ID_MESSAGE = "is not a user id";

  @Inject UserDirectory directory;

  /**
   * @param search part of the user name, email, first or last name; all users when absent
   */
  @Operation(operationId = "listUsers", summary = "Search the users of the realm, a page at a time")
  @GET
  public UserPage list(
      @QueryParam("search") @Size(max = 255) String search,
      @QueryParam("first") @DefaultValue("0") @Min(0) int first,
      @QueryParam("max") @DefaultValue("50") @Min(1) @Max(200) int max) {
    return directory.list(search, first, max);
  }

  @Operation(operationId = "getUser", summary = "Get one user with their roles")
  @GET
  @Path("{id}")
  public User get(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
    return directory.get(id);
  }

  @Operation(
      operationId = "createUser",
      summary = "Create a user with roles and a temporary password (audited)")
  @APIResponse(
      responseCode = "201",
      description = "Created; Location is its address.",
      content = @Content(schema = @Schema(implementation = User.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @POST
  @RolesAllowed(Roles.ADMIN)
  public Response create(
      @Valid @NotNull NewUser user, @Context HttpServletRequest request, @Context UriInfo uri) {
    var created = directory.create(Actors.of(request), user);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
        .entity(created)
        .build();
  }

  @Operation(operationId = "updateUser", summary = "Change a user's email and names (audited)")
  @APIResponse(
      responseCode = "200",
      description = "The changed user.",
      content = @Content(schema = @Schema(implementation = User.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @PUT
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  public User update(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @Valid @NotNull UserUpdate update,
      @Context HttpServletRequest request) {
    return directory.update(Actors.of(request), id, update);
  }

  @Operation(
      operationId = "setUserEnabled",
      summary = "Enable or disable a user; disabling ends their sessions (audited)")
  @PUT
  @Path("{id}/enabled")
  @RolesAllowed(Roles.ADMIN)
  public User setEnabled(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @Valid @NotNull EnabledChange change,
      @Context HttpServletRequest request) {
    return directory.setEnabled(Actors.of(request), id, change.enabled());
  }

  @Operation(
      operationId = "setUserRoles",
      summary = "Replace the platform roles of a user (audited)")
  @PUT
  @Path("{id}/roles")
  @RolesAllowed(Roles.ADMIN)
  public User setRoles(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @Valid @NotNull RoleAssignment assignment,
      @Context HttpServletRequest request) {
    return directory.setRoles(Actors.of(request), id, assignment.roles());
  }

  @Operation(
      operationId = "resetUserPassword",
      summary = "Set a new password for a user, temporary unless said otherwise (audited)")
  @APIResponse(responseCode = "204", description = "Done; nothing to return.")
  @POST
  @Path("{id}/reset-password")
  @RolesAllowed(Roles.ADMIN)
  public Response resetPassword(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @Valid @NotNull PasswordReset reset,
      @Context HttpServletRequest request) {
    directory.resetPassword(Actors.of(request), id, reset.temporaryPassword());
    return Response.noContent().build();
  }

  @Operation(
      operationId = "listUserSessions",
      summary = "List a user's sessions: address, start, last activity and clients")
  @GET
  @Path("{id}/sessions")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  public List<UserSession> sessions(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
    return directory.sessions(id);
  }

  /** Ends every session of the user (its refresh tokens stop working). */
  @Operation(operationId = "logoutUser", summary = "End every session of a user (audited)")
  @APIResponse(responseCode = "204", description = "Done; nothing to return.")
  @POST
  @Path("{id}/logout")
  @RolesAllowed(Roles.ADMIN)
  public Response logout(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @Context HttpServletRequest request) {
    directory.logout(Actors.of(request), id);
    return Response.noContent().build();
  }

  @Operation(operationId = "deleteUser", summary = "Delete a user (audited)")
  @APIResponse(responseCode = "204", description = "Done; nothing to return.")
  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  public Response delete(
      @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
      @Context HttpServletRequest request) {
    directory.delete(Actors.of(request), id);
    return Response.noContent().build();
  }

  @Operation(operationId = "getOwnUser", summary = "The caller's own user, with their roles")
  @GET
  @Path("me")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.API_USER})
  public User me(@Context HttpServletRequest request) {
    return directory.get(BearerTokenFilter.token(request).subject());
  }

  @Operation(operationId = "updateOwnUser", summary = "Change the caller's own email and names")
  @APIResponse(
      responseCode = "200",
      description = "The changed user.",
      content = @Content(schema = @Schema(implementation = User.class)))
  @APIResponse(responseCode = "409", ref = "Conflict")
  @PUT
  @Path("me")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.API_USER})
  public User updateMe(@Valid @NotNull ProfileUpdate update, @Context HttpServletRequest request) {
    return directory.updateProfile(
        Actors.of(request), BearerTokenFilter.token(request).subject(), update);
  }
}
