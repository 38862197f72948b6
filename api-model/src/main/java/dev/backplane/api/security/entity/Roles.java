package dev.backplane.api.security.entity;

import java.util.List;

/** The realm roles Backplane knows; Keycloak puts them in the token's {@code groups} claim. */
public final class Roles {
  public static final String ADMIN = "platform-admin";
  public static final String OPERATOR = "platform-operator";
  public static final String API_USER = "api-user";

  public static final List<String> ALL = List.of(ADMIN, OPERATOR, API_USER);

  private Roles() {}
}
