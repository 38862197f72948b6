package dev.backplane.console.security;

/** The realm roles that may use the console: an administrator changes, an operator only reads. */
public final class ConsoleRoles {
  public static final String ADMIN = "platform-admin";
  public static final String OPERATOR = "platform-operator";

  private ConsoleRoles() {}
}
