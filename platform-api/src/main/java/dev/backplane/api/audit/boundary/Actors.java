package dev.backplane.api.audit.boundary;

import dev.backplane.api.audit.entity.Actor;
import dev.backplane.api.requestid.boundary.RequestIdFilter;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import jakarta.servlet.http.HttpServletRequest;

/** The actor of a request, for the audit trail: the token's user name, or its subject. */
public final class Actors {

  private Actors() {}

  public static Actor of(HttpServletRequest request) {
    var token = BearerTokenFilter.token(request);
    var name = token.username() == null ? token.subject() : token.username();
    return new Actor(name, token.subject(), RequestIdFilter.requestId(request));
  }
}
