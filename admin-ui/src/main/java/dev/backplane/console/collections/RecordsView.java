package dev.backplane.console.collections;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.backplane.api.collections.entity.Collection;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.RefreshProblem;
import dev.backplane.console.layout.RowButton;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data browser of one collection: its records a page at a time (keyset pages, as the API gives
 * them), filtered in the API's own filter language and sorted by a column; a form generated from
 * the fields creates and edits records. What it shows is what the caller's roles let it list;
 * operators only look.
 */
@Route("collections/:name")
public class RecordsView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

  static final int PAGE = 50;

  private final PlatformClient platform;
  private final RefreshProblem problem = new RefreshProblem();
  private final H2 title = new H2();
  private final TextField filter = new TextField();
  private final Grid<JsonObject> grid = new Grid<>();
  private final Span position = new Span();
  private final Button previous = new Button("Previous page", e -> turn(-1));
  private final Button next = new Button("Next page", e -> turn(1));
  private final HorizontalLayout header = new HorizontalLayout();
  private Collection collection;
  private String name = "";
  private String sort;

  /** The cursor of each page shown so far (null for the first); the last is the page shown. */
  private final List<String> cursors = new ArrayList<>();

  private String following;

  @Inject
  public RecordsView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    header.setAlignItems(Alignment.BASELINE);
    header.add(title, new Anchor("collections", "All collections"));
    filter.setId("records-filter");
    filter.setPlaceholder("status==open;priority=gt=3");
    filter.setHelperText(
        "RSQL: == != =gt= =ge= =lt= =le= =in=(a,b) =out=() =null=true; ; is and, , is or; *"
            + " at a text's start or end");
    filter.setWidth("36rem");
    filter.setClearButtonVisible(true);
    filter.addKeyPressListener(Key.ENTER, e -> firstPage());
    var apply = new Button("Filter", e -> firstPage());
    apply.setId("records-apply");
    var controls = new HorizontalLayout(filter, apply);
    controls.setAlignItems(Alignment.BASELINE);
    grid.setId("records-grid");
    grid.setMultiSort(false);
    grid.addSortListener(
        e -> {
          sort = sort(e.getSortOrder());
          firstPage();
        });
    grid.setEmptyStateText("No record here, or none that the filter lets through.");
    position.setId("records-position");
    previous.setId("records-previous");
    next.setId("records-next");
    var paging = new HorizontalLayout(previous, next, position);
    paging.setAlignItems(Alignment.BASELINE);
    add(header, problem, controls, grid, paging);
  }

  static RouteParameters of(String collection) {
    return new RouteParameters("name", collection);
  }

  @Override
  public String getPageTitle() {
    return name + " · Records · Backplane";
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    name = event.getRouteParameters().get("name").orElse("");
    title.setText("Records of " + name);
    try {
      collection =
          platform.collections(CurrentLogin.accessToken()).stream()
              .filter(c -> c.name().equals(name))
              .findFirst()
              .orElse(null);
    } catch (ApiException e) {
      problem.show(e.getMessage());
      return;
    }
    if (collection == null) {
      problem.show("There is no collection named " + name + ".");
      return;
    }
    if (CurrentLogin.isAdmin()) {
      var create = new Button("New record", e -> open(null));
      create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      create.setId("new-record");
      header.addComponentAtIndex(1, create);
    }
    columns();
    firstPage();
  }

  private void columns() {
    grid.removeAllColumns();
    grid.addColumn(r -> r.getString("id", "").substring(0, 8))
        .setHeader("Id")
        .setKey("id")
        .setSortable(true)
        .setAutoWidth(true)
        .setFlexGrow(0)
        .setTooltipGenerator(r -> r.getString("id", ""));
    for (var field : collection.fields()) {
      var column =
          grid.addColumn(r -> shown(r.get(field.name())))
              .setHeader(field.name())
              .setKey(field.name())
              .setSortable(!field.type().equals("json"))
              .setResizable(true)
              .setTooltipGenerator(r -> shown(r.get(field.name())));
      if (numeric(field)) {
        column.setTextAlign(ColumnTextAlign.END);
      }
    }
    Columns.fitted(grid, "Updated", r -> r.getString("updatedAt", "").replace('T', ' '))
        .setKey("updatedAt")
        .setSortable(true);
    grid.addColumn(
            RowButton.of(
                CurrentLogin.isAdmin() ? "Edit" : "View",
                "small",
                r -> "open-record-" + r.getString("id", ""),
                this::open))
        .setHeader("")
        .setAutoWidth(true)
        .setFlexGrow(0);
  }

  private static boolean numeric(FieldSpec field) {
    return field.type().equals("integer") || field.type().equals("number");
  }

  /** A value as a cell shows it: text as it is, anything else as JSON, nothing for null. */
  static String shown(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return "";
    }
    return value instanceof JsonString text ? text.getString() : value.toString();
  }

  /** The API's sort for the grid's: one key, {@code -} for descending. */
  private static String sort(List<GridSortOrder<JsonObject>> orders) {
    if (orders.isEmpty()) {
      return null;
    }
    var order = orders.getFirst();
    return (order.getDirection() == SortDirection.DESCENDING ? "-" : "")
        + order.getSorted().getKey();
  }

  private void firstPage() {
    cursors.clear();
    cursors.add(null);
    load();
  }

  private void turn(int pages) {
    if (pages > 0 && following != null) {
      cursors.add(following);
    } else if (pages < 0 && cursors.size() > 1) {
      cursors.removeLast();
    }
    load();
  }

  private void load() {
    if (collection == null) {
      return;
    }
    filter.setInvalid(false);
    JsonObject page;
    try {
      page =
          platform.records(
              CurrentLogin.accessToken(),
              name,
              new PlatformClient.RecordsQuery(
                  filter.getValue().isBlank() ? null : filter.getValue().trim(),
                  sort,
                  cursors.getLast(),
                  null,
                  PAGE));
    } catch (ApiException e) {
      if (e.status() == 400) {
        FieldErrors.show(e, Map.of("filter", filter, "sort", filter));
      } else {
        problem.show(e.getMessage());
      }
      grid.setItems(List.of());
      return;
    }
    problem.clear();
    var items = page.getJsonArray("items").getValuesAs(JsonObject.class);
    // the page is in the API's order: the grid shows it as it is, never sorting it again
    grid.setItems(query -> items.stream().skip(query.getOffset()).limit(query.getLimit()));
    following = page.getString("next", null);
    long total = page.getJsonNumber("total").longValue();
    long from = (long) (cursors.size() - 1) * PAGE + (items.isEmpty() ? 0 : 1);
    position.setText(
        String.format(
            "%s-%s of %s records",
            Columns.count(from),
            Columns.count(from + items.size() - (items.isEmpty() ? 0 : 1)),
            Columns.count(total)));
    previous.setEnabled(cursors.size() > 1);
    next.setEnabled(following != null);
  }

  private void open(JsonObject record) {
    new RecordDialog(platform, collection, record, CurrentLogin.isAdmin(), this::load).open();
  }
}
