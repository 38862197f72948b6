package dev.backplane.api.collections.control;

import cz.jirutka.rsql.parser.RSQLParser;
import cz.jirutka.rsql.parser.RSQLParserException;
import cz.jirutka.rsql.parser.ast.AndNode;
import cz.jirutka.rsql.parser.ast.ComparisonNode;
import cz.jirutka.rsql.parser.ast.ComparisonOperator;
import cz.jirutka.rsql.parser.ast.LogicalNode;
import cz.jirutka.rsql.parser.ast.Node;
import cz.jirutka.rsql.parser.ast.RSQLOperators;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.entity.FieldViolation;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One page of a collection's records as a caller asks for it, checked against the collection's
 * definition and made SQL: a filter in RSQL ({@code status==open;priority=gt=3}, parsed by
 * rsql-parser), a sort, a keyset cursor ({@code after}), the fields to show and the page's size.
 * Every identifier comes from the definition and every value is a bound parameter; anything the
 * definition does not know is a 400 naming it.
 */
public final class RecordQuery {

  public static final int LIMIT_DEFAULT = 50;
  public static final int LIMIT_MAX = 500;
  static final int FILTER_MAX = 2_000;
  static final int COMPARISONS_MAX = 32;
  static final int NESTING_MAX = 8;
  static final int SORT_MAX = 4;
  static final int ARGUMENTS_MAX = 100;

  /** {@code field=null=true}: whether a field has no value (an RSQL operator of our own). */
  static final ComparisonOperator IS_NULL = new ComparisonOperator("=null=");

  private static final Set<ComparisonOperator> OPERATORS = operators();
  private static final JsonProvider JSON = JsonProvider.provider();

  /**
   * What a list can filter, sort or show: a field of the collection or a system field, by the name
   * records show it under, with its quoted column and its type.
   */
  public record Column(String name, String sql, String type, List<String> values) {}

  /**
   * A sort key: a column, descending or not. No value sorts as above every value: last when
   * ascending, first when descending (as PostgreSQL's indexes keep them).
   */
  public record Key(Column column, boolean descending) {}

  /**
   * What a caller asked for, as given.
   *
   * @param filter RSQL, or null for every record
   * @param sort comma-separated names, {@code -} before a name for descending; null for creation
   *     order
   * @param after the cursor the previous page gave, or null for the first page
   * @param fields comma-separated names to show (the id is always shown), or null for all
   * @param limit records per page, at most {@value #LIMIT_MAX}; null for {@value #LIMIT_DEFAULT}
   */
  public record Request(String filter, String sort, String after, String fields, Integer limit) {}

  /** SQL text with its parameters in order. */
  public record Sql(String text, List<Object> parameters) {}

  private final CollectionSpec spec;
  private final Map<String, Column> columns;
  private final Sql filter;
  private final List<Key> sort;
  private final String sortText;
  private final List<Object> after;
  private final Set<Column> shown;
  private final int limit;

  private RecordQuery(
      CollectionSpec spec,
      Map<String, Column> columns,
      Sql filter,
      List<Key> sort,
      String sortText,
      List<Object> after,
      Set<Column> shown,
      int limit) {
    this.spec = spec;
    this.columns = columns;
    this.filter = filter;
    this.sort = sort;
    this.sortText = sortText;
    this.after = after;
    this.shown = shown;
    this.limit = limit;
  }

  /**
   * A page request checked against the collection: every problem of every parameter at once, each
   * naming its parameter ({@code filter}, {@code sort}, {@code after}, {@code fields}, {@code
   * limit}).
   */
  public static RecordQuery of(CollectionSpec spec, Request asked) {
    var filter = asked.filter();
    var sort = asked.sort();
    var after = asked.after();
    var fields = asked.fields();
    var limit = asked.limit();
    var problems = new ArrayList<FieldViolation>();
    var columns = columns(spec);
    var where = filter(columns, filter, problems);
    var sortText = sort == null || sort.isBlank() ? "createdAt" : sort.strip();
    var keys = sort(columns, sortText, problems);
    var shown = shown(columns, fields, problems);
    if (limit != null && (limit < 1 || limit > LIMIT_MAX)) {
      problems.add(new FieldViolation("limit", "must be 1 to " + LIMIT_MAX));
    }
    List<Object> position = null;
    if (after != null && problems.stream().noneMatch(p -> p.field().equals("sort"))) {
      position = cursor(keys, sortText, after, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new RecordQuery(
        spec,
        columns,
        where,
        keys,
        sortText,
        position,
        shown,
        limit == null ? LIMIT_DEFAULT : limit);
  }

  public CollectionSpec spec() {
    return spec;
  }

  public int limit() {
    return limit;
  }

  /** The filter's condition (true when there is none). */
  public Sql filter() {
    return filter;
  }

  /** The condition of the rows after the cursor, in the sort's order (true on the first page). */
  public Sql keyset() {
    if (after == null) {
      return new Sql("1 = 1", List.of());
    }
    boolean oneWay =
        sort.stream().allMatch(key -> key.descending() == sort.getFirst().descending());
    if (oneWay
        && after.stream().allMatch(value -> value != null)
        && sort.stream().allMatch(key -> neverNull(key.column()))) {
      // a row comparison, which the index of the sort's columns starts from (PostgreSQL read
      // 50,000 index entries for page 1,000 with the conditions below); nulls need those
      return new Sql(
          "("
              + sort.stream().map(key -> key.column().sql()).collect(Collectors.joining(", "))
              + ") "
              + (sort.getFirst().descending() ? "<" : ">")
              + " ("
              + sort.stream().map(key -> "?").collect(Collectors.joining(", "))
              + ")",
          List.copyOf(after));
    }
    var alternatives = new ArrayList<String>();
    var parameters = new ArrayList<Object>();
    for (int i = 0; i < sort.size(); i++) {
      var terms = new ArrayList<String>();
      var termParameters = new ArrayList<Object>();
      for (int j = 0; j < i; j++) {
        var column = sort.get(j).column().sql();
        if (after.get(j) == null) {
          terms.add(column + " is null");
        } else {
          terms.add(column + " = ?");
          termParameters.add(after.get(j));
        }
      }
      var key = sort.get(i);
      var value = after.get(i);
      var column = key.column().sql();
      if (key.descending()) {
        if (value == null) {
          terms.add(column + " is not null");
        } else {
          terms.add(column + " < ?");
          termParameters.add(value);
        }
      } else {
        if (value == null) {
          continue; // no value sorts after none
        }
        terms.add("(" + column + " > ? or " + column + " is null)");
        termParameters.add(value);
      }
      alternatives.add("(" + String.join(" and ", terms) + ")");
      parameters.addAll(termParameters);
    }
    if (alternatives.isEmpty()) {
      return new Sql("1 = 0", List.of());
    }
    return new Sql("(" + String.join(" or ", alternatives) + ")", parameters);
  }

  /** Whether a column holds a value in every row: a system field's but the owner, or a required. */
  private boolean neverNull(Column column) {
    return switch (column.name()) {
      case "id", "createdAt", "updatedAt", "version" -> true;
      case "owner" -> false;
      default ->
          spec.fields().stream()
              .anyMatch(field -> field.name().equals(column.name()) && field.isRequired());
    };
  }

  /** The order of the sort, ending in the id so that every position is one record. */
  public String orderBy() {
    return sort.stream()
        .map(
            key ->
                key.column().sql() + (key.descending() ? " desc nulls first" : " asc nulls last"))
        .collect(Collectors.joining(", "));
  }

  /** The columns a page reads: those it shows and those its cursor needs. */
  public List<Column> selected() {
    var selected = new LinkedHashSet<Column>(shown);
    sort.forEach(key -> selected.add(key.column()));
    return List.copyOf(selected);
  }

  /** The columns a page shows, in the record's order. */
  public Set<Column> shown() {
    return shown;
  }

  /** The cursor of the page after the one ending in this row (its sort columns' values). */
  public String cursorAfter(Map<Column, Object> row) {
    var values = JSON.createArrayBuilder();
    for (var key : sort) {
      var value = row.get(key.column());
      values.add(value == null ? JsonValue.NULL : JSON.createValue(text(key.column(), value)));
    }
    var cursor = JSON.createObjectBuilder().add("sort", sortText).add("after", values).build();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Every column of a collection's records by the name records show it under. */
  static Map<String, Column> columns(CollectionSpec spec) {
    var columns = new LinkedHashMap<String, Column>();
    columns.put("id", new Column("id", "\"id\"", "text", null));
    columns.put("owner", new Column("owner", "\"owner\"", "text", null));
    columns.put("createdAt", new Column("createdAt", "\"created_at\"", "datetime", null));
    columns.put("updatedAt", new Column("updatedAt", "\"updated_at\"", "datetime", null));
    columns.put("version", new Column("version", "\"version\"", "integer", null));
    for (var field : spec.fields()) {
      columns.put(
          field.name(),
          new Column(field.name(), TableDesign.column(field.name()), field.type(), field.values()));
    }
    return columns;
  }

  // -- filter

  private static Sql filter(
      Map<String, Column> columns, String filter, List<FieldViolation> problems) {
    if (filter == null || filter.isBlank()) {
      return new Sql("1 = 1", List.of());
    }
    if (filter.length() > FILTER_MAX) {
      problems.add(
          new FieldViolation("filter", "must be at most " + FILTER_MAX + " characters long"));
      return null;
    }
    // the parser descends once per parenthesis: bounded before it runs, not by its stack
    int depth = 0;
    int deepest = 0;
    char quote = 0;
    for (int i = 0; i < filter.length(); i++) {
      char c = filter.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote; // a quoted value's parentheses are its text
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else {
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        deepest = Math.max(deepest, depth);
      }
    }
    if (deepest > NESTING_MAX) {
      problems.add(
          new FieldViolation("filter", "nests parentheses deeper than " + NESTING_MAX + " levels"));
      return null;
    }
    Node root;
    try {
      root = new RSQLParser(OPERATORS).parse(filter);
    } catch (RSQLParserException e) {
      problems.add(
          new FieldViolation(
              "filter",
              "is not RSQL (field==value, joined by ; for and and , for or): " + parserMessage(e)));
      return null;
    }
    var parameters = new ArrayList<Object>();
    var count = new int[1];
    var sql = condition(root, columns, parameters, problems, count);
    if (count[0] > COMPARISONS_MAX) {
      problems.add(
          new FieldViolation(
              "filter", "has more than " + COMPARISONS_MAX + " comparisons; ask for less at once"));
    }
    return new Sql(sql, parameters);
  }

  private static String parserMessage(RSQLParserException e) {
    var cause = e.getCause() == null ? e : e.getCause();
    var message = String.valueOf(cause.getMessage());
    // the parser's own wording lists every token it expected: its first line says enough
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  private static String condition(
      Node node,
      Map<String, Column> columns,
      List<Object> parameters,
      List<FieldViolation> problems,
      int[] count) {
    if (node instanceof LogicalNode logical) {
      var joiner = logical instanceof AndNode ? " and " : " or ";
      var parts = new ArrayList<String>();
      for (var child : logical.getChildren()) {
        parts.add(condition(child, columns, parameters, problems, count));
      }
      return "(" + String.join(joiner, parts) + ")";
    }
    count[0]++;
    return comparison((ComparisonNode) node, columns, parameters, problems);
  }

  private static String comparison(
      ComparisonNode node,
      Map<String, Column> columns,
      List<Object> parameters,
      List<FieldViolation> problems) {
    var column = columns.get(node.getSelector());
    if (column == null) {
      problems.add(
          new FieldViolation(
              "filter", node.getSelector() + " is not a field of the collection's records"));
      return "1 = 1";
    }
    if (column.type().equals("json")) {
      problems.add(
          new FieldViolation("filter", column.name() + " holds JSON, which no filter reads"));
      return "1 = 1";
    }
    var operator = node.getOperator();
    var arguments = node.getArguments();
    var sql = column.sql();
    if (operator.equals(IS_NULL)) {
      var argument = arguments.get(0);
      if (!argument.equals("true") && !argument.equals("false")) {
        problems.add(new FieldViolation("filter", column.name() + "=null= takes true or false"));
        return "1 = 1";
      }
      return sql + (argument.equals("true") ? " is null" : " is not null");
    }
    if (arguments.size() > ARGUMENTS_MAX) {
      problems.add(
          new FieldViolation(
              "filter",
              column.name() + " is compared with more than " + ARGUMENTS_MAX + " values"));
      return "1 = 1";
    }
    boolean ordering =
        operator.equals(RSQLOperators.GREATER_THAN)
            || operator.equals(RSQLOperators.GREATER_THAN_OR_EQUAL)
            || operator.equals(RSQLOperators.LESS_THAN)
            || operator.equals(RSQLOperators.LESS_THAN_OR_EQUAL);
    if (ordering && column.type().equals("boolean")) {
      problems.add(
          new FieldViolation("filter", column.name() + " is true or false: compare it with =="));
      return "1 = 1";
    }
    boolean text = isText(column);
    boolean pattern =
        text
            && (operator.equals(RSQLOperators.EQUAL) || operator.equals(RSQLOperators.NOT_EQUAL))
            && arguments.get(0).contains("*");
    if (pattern
        && arguments
            .get(0)
            .substring(1, Math.max(1, arguments.get(0).length() - 1))
            .contains("*")) {
      // a pattern with stars inside backtracks on long values: prefix, suffix and contains only
      problems.add(
          new FieldViolation(
              "filter", column.name() + " takes * at the start or the end of a value only"));
      return "1 = 1";
    }
    var values = new ArrayList<Object>();
    for (var argument : arguments) {
      try {
        values.add(pattern ? like(argument) : value(column, argument));
      } catch (IllegalArgumentException wrong) {
        problems.add(new FieldViolation("filter", column.name() + " " + wrong.getMessage()));
        return "1 = 1";
      }
    }
    parameters.addAll(values);
    if (pattern) {
      return operator.equals(RSQLOperators.EQUAL)
          ? sql + " like ? escape '\\'"
          : "(" + sql + " not like ? escape '\\' or " + sql + " is null)";
    }
    var marks = values.stream().map(v -> "?").collect(Collectors.joining(", "));
    if (operator.equals(RSQLOperators.EQUAL)) {
      return sql + " = ?";
    }
    if (operator.equals(RSQLOperators.NOT_EQUAL)) {
      // a record without the value is one whose value is not this one
      return "(" + sql + " <> ? or " + sql + " is null)";
    }
    if (operator.equals(RSQLOperators.IN)) {
      return sql + " in (" + marks + ")";
    }
    if (operator.equals(RSQLOperators.NOT_IN)) {
      return "(" + sql + " not in (" + marks + ") or " + sql + " is null)";
    }
    var symbol =
        operator.equals(RSQLOperators.GREATER_THAN)
            ? ">"
            : operator.equals(RSQLOperators.GREATER_THAN_OR_EQUAL)
                ? ">="
                : operator.equals(RSQLOperators.LESS_THAN) ? "<" : "<=";
    return sql + " " + symbol + " ?";
  }

  private static boolean isText(Column column) {
    return switch (column.type()) {
      case "text", "email", "url", "enum", "reference" -> true;
      default -> false;
    };
  }

  /** A text pattern with * for any characters, as a LIKE pattern matching nothing else. */
  private static String like(String argument) {
    return argument.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
  }

  /** A value given as text (in a filter or a cursor) as its column takes it. */
  static Object value(Column column, String text) {
    return switch (column.type()) {
      case "integer" -> {
        try {
          yield Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("takes whole numbers, not " + text);
        }
      }
      case "number" -> {
        try {
          double number = Double.parseDouble(text);
          if (!Double.isFinite(number)) {
            throw new NumberFormatException();
          }
          yield number;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("takes numbers, not " + text);
        }
      }
      case "boolean" -> {
        if (!text.equals("true") && !text.equals("false")) {
          throw new IllegalArgumentException("takes true or false, not " + text);
        }
        yield Boolean.valueOf(text);
      }
      case "datetime" -> {
        try {
          yield OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              "takes ISO-8601 dates and times with their offset, not " + text);
        }
      }
      case "enum" -> {
        if (column.values() != null && !column.values().contains(text)) {
          throw new IllegalArgumentException(
              "takes one of " + String.join(", ", column.values()) + ", not " + text);
        }
        yield text;
      }
      default -> text;
    };
  }

  /** A column's value as text that {@link #value} reads back. */
  private static String text(Column column, Object value) {
    return switch (column.type()) {
      case "integer" -> Long.toString(((Number) value).longValue());
      case "number" -> Double.toString(((Number) value).doubleValue());
      case "datetime" -> RecordValues.instant(value);
      default -> RecordValues.text(value);
    };
  }

  // -- sort, fields, cursor

  private static List<Key> sort(
      Map<String, Column> columns, String sort, List<FieldViolation> problems) {
    var keys = new ArrayList<Key>();
    var names = new HashSet<String>();
    var parts = sort.split(",", -1);
    if (parts.length > SORT_MAX) {
      problems.add(new FieldViolation("sort", "takes at most " + SORT_MAX + " fields"));
      return keys;
    }
    for (var part : parts) {
      var name = part.strip();
      boolean descending = name.startsWith("-");
      name = descending || name.startsWith("+") ? name.substring(1) : name;
      var column = columns.get(name);
      if (column == null) {
        problems.add(
            new FieldViolation(
                "sort", "\"" + name + "\" is not a field of the collection's records"));
      } else if (column.type().equals("json")) {
        problems.add(new FieldViolation("sort", name + " holds JSON, which does not sort"));
      } else if (!names.add(name)) {
        problems.add(new FieldViolation("sort", name + " is named twice"));
      } else {
        keys.add(new Key(column, descending));
      }
    }
    if (!names.contains("id")) {
      keys.add(new Key(columns.get("id"), false));
    }
    return keys;
  }

  private static Set<Column> shown(
      Map<String, Column> columns, String fields, List<FieldViolation> problems) {
    if (fields == null || fields.isBlank()) {
      return new LinkedHashSet<>(columns.values());
    }
    var asked = new HashSet<String>();
    for (var part : fields.split(",", -1)) {
      var name = part.strip();
      if (!columns.containsKey(name)) {
        problems.add(
            new FieldViolation(
                "fields", "\"" + name + "\" is not a field of the collection's records"));
      }
      asked.add(name);
    }
    asked.add("id");
    var shown = new LinkedHashSet<Column>();
    columns.values().stream().filter(c -> asked.contains(c.name())).forEach(shown::add);
    return shown;
  }

  private static List<Object> cursor(
      List<Key> keys, String sortText, String after, List<FieldViolation> problems) {
    var wrong = new FieldViolation("after", "must be the cursor a previous page gave");
    try {
      var decoded = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
      try (var reader = JSON.createReader(new StringReader(decoded))) {
        var cursor = reader.readObject();
        if (!sortText.equals(cursor.getString("sort", null))) {
          problems.add(
              new FieldViolation("after", "belongs to a list of another sort; keep its sort"));
          return null;
        }
        JsonArray values = cursor.getJsonArray("after");
        if (values == null || values.size() != keys.size()) {
          problems.add(wrong);
          return null;
        }
        var position = new ArrayList<Object>();
        for (int i = 0; i < keys.size(); i++) {
          var value = values.get(i);
          if (value == JsonValue.NULL) {
            position.add(null);
          } else if (value instanceof JsonString string) {
            position.add(value(keys.get(i).column(), string.getString()));
          } else {
            problems.add(wrong);
            return null;
          }
        }
        return position;
      }
    } catch (IllegalArgumentException | JsonException | ClassCastException e) {
      problems.add(wrong);
      return null;
    }
  }

  private static Set<ComparisonOperator> operators() {
    var operators = new HashSet<>(RSQLOperators.defaultOperators());
    operators.add(IS_NULL);
    return Set.copyOf(operators);
  }
}
