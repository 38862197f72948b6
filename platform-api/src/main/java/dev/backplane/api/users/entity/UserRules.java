package dev.backplane.api.users.entity;

/** The input rules of users, shared by the API's validation and its messages. */
public final class UserRules {

  /** Keycloak stores user names in lower case; we refuse what it would silently change. */
  public static final String USERNAME = "[a-z0-9][a-z0-9._-]{2,63}";

  public static final String USERNAME_MESSAGE =
      "must be 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or"
          + " digit";

  public static final String ROLE = "platform-admin|platform-operator|api-user";

  public static final String ROLE_MESSAGE =
      "is not a platform role; the roles are platform-admin, platform-operator and api-user";

  public static final int PASSWORD_MIN = 8;
  public static final int PASSWORD_MAX = 128;
  public static final int NAME_MAX = 255;

  private UserRules() {}
}
