package dev.backplane.api.users.entity;

/** The input rules of users, shared by the API's validation and its messages. */
public final class UserRules {

  /**
   * Keycloak names its clients' service accounts so; they are no users of the platform's, and no
   * user may pass for one.
   */
  public static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

  /**
   * Keycloak stores user names in lower case; we refuse what it would silently change, and the
   * names of service accounts.
   */
  public static final String USERNAME =
      "(?!" + SERVICE_ACCOUNT_PREFIX + ")[a-z0-9][a-z0-9._-]{2,63}";

  public static final String USERNAME_MESSAGE =
      "must be 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or"
          + " digit, and not with 'service-account-' (Keycloak's service accounts)";

  public static final String ROLE = "platform-admin|platform-operator|api-user";

  public static final String ROLE_MESSAGE =
      "is not a platform role; the roles are platform-admin, platform-operator and api-user";

  public static final int PASSWORD_MIN = 8;
  public static final int PASSWORD_MAX = 128;
  public static final int NAME_MAX = 255;

  public static final String REQUIRED_MESSAGE = "is required";
  public static final String EMAIL_MESSAGE = "must be an email address, such as ada@example.com";
  public static final String NAME_MAX_MESSAGE = "must be at most 255 characters";
  public static final String PASSWORD_MESSAGE = "must be 8 to 128 characters long";

  private UserRules() {}
}
