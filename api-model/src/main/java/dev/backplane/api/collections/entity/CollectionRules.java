package dev.backplane.api.collections.entity;

import java.util.Set;

/**
 * The input rules of collections, shared by the API's validation and its messages. Names become
 * table and column names (behind a prefix, always quoted), so they are short, lower case and plain.
 */
public final class CollectionRules {

  public static final String NAME = "[a-z][a-z0-9_]{0,47}";
  public static final String NAME_MESSAGE =
      "must be 1 to 48 lower-case letters, digits or '_', starting with a letter";

  public static final String FIELD = "[a-z][a-z0-9_]{0,47}";
  public static final String FIELD_MESSAGE =
      "must be 1 to 48 lower-case letters, digits or '_', starting with a letter";

  public static final String TYPE =
      "text|integer|number|boolean|datetime|email|url|enum|json|reference";
  public static final String TYPE_MESSAGE =
      "must be text, integer, number, boolean, datetime, email, url, enum, json or reference";

  /** Who may do an operation: anyone, any authenticated caller, the record's owner, or a role. */
  public static final String GRANT = "anyone|authenticated|owner|role:[A-Za-z0-9_.:-]{1,255}";

  public static final String GRANT_MESSAGE =
      "must be anyone, authenticated, owner or role:<a realm role>";

  public static final String ENUM_VALUE = "[A-Za-z0-9_.:-]{1,64}";
  public static final String ENUM_VALUE_MESSAGE =
      "must be 1 to 64 letters, digits, '_', '.', ':' or '-'";

  /** The system fields every record has; no field of a collection may take their names. */
  public static final Set<String> SYSTEM_FIELDS =
      Set.of("id", "owner", "created_at", "updated_at", "version");

  public static final int FIELDS_MAX = 64;
  public static final int INDEXES_MAX = 16;
  public static final int INDEX_FIELDS_MAX = 8;
  public static final int ENUM_VALUES_MAX = 100;

  /** The longest text a field holds; without a maxLength, a text holds {@value #TEXT_DEFAULT}. */
  public static final int TEXT_MAX = 10_000;

  public static final int TEXT_DEFAULT = 1_000;

  public static final String REQUIRED_MESSAGE = "is required";
  public static final String LIST_MESSAGE = "has too many entries";

  private CollectionRules() {}
}
