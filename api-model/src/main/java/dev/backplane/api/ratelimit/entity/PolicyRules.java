package dev.backplane.api.ratelimit.entity;

/** The input rules of rate-limit policies, shared by the API's validation and its messages. */
public final class PolicyRules {

  /** Also a header's policy key and a metric label: short, plain, lower case. */
  public static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";

  public static final String NAME_MESSAGE =
      "must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or"
          + " digit";

  public static final long QUOTA_MAX = 1_000_000_000L;

  public static final String QUOTA_MESSAGE = "must be a whole number from 1 to 1,000,000,000";

  public static final String REQUIRED_MESSAGE = "is required";

  /** 30 days: a monthly quota is the longest a counter is kept for. */
  public static final long WINDOW_MAX_SECONDS = 2_592_000L;

  public static final String WINDOW_MESSAGE =
      "must be from 1 second to 30 days (2,592,000 seconds)";

  public static final String LIST_MESSAGE = "may hold at most 20 entries";

  public static final String ALGORITHM = "fixed-window|sliding-window|token-bucket";
  public static final String ALGORITHM_MESSAGE =
      "must be fixed-window, sliding-window or token-bucket";

  public static final String PARTITION = "client|subject|ip|role|claim";
  public static final String PARTITION_MESSAGE = "must be client, subject, ip, role or claim";

  public static final String CLAIM = "[A-Za-z0-9_.:-]{1,100}";
  public static final String CLAIM_MESSAGE =
      "must be a claim's name: 1 to 100 letters, digits, '_', '.', ':' or '-'";

  /** An absolute path; '*' stands for one segment, '**' (a whole segment) for any number. */
  public static final String PATH = "/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,254}";

  public static final String PATH_MESSAGE =
      "must be an absolute path such as /api/v1/users/** ('*' is one segment, '**' any number)";

  public static final String METHOD = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS";
  public static final String METHOD_MESSAGE =
      "must be one of GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS";

  public static final String ROLE = "[A-Za-z0-9_.:-]{1,255}";
  public static final String ROLE_MESSAGE = "must be a realm role's name";

  public static final String CLIENT = "[A-Za-z0-9_.:-]{1,255}";
  public static final String CLIENT_MESSAGE = "must be a Keycloak client id";

  public static final String CALLERS = "any|authenticated|anonymous";
  public static final String CALLERS_MESSAGE = "must be any, authenticated or anonymous";

  public static final String MODE = "exact|local";
  public static final String MODE_MESSAGE = "must be exact or local";

  public static final String FAILURE_MODE = "open|closed";
  public static final String FAILURE_MODE_MESSAGE = "must be open or closed";

  /** Entries per list of what a policy applies to. */
  public static final int LIST_MAX = 20;

  private PolicyRules() {}
}
