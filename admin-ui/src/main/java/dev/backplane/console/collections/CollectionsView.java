package dev.backplane.console.collections;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.collections.entity.Collection;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.LiveRows;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.RefreshProblem;
import dev.backplane.console.layout.RowButton;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The collections: each with its fields, rules and record count, its schema (administrators edit
 * it) and its records in the data browser. Refreshed every 5 seconds while open.
 */
@Route("collections")
@Menu(order = 1.5, title = "Collections", icon = "vaadin:table")
@PageTitle("Collections · Backplane")
public class CollectionsView extends VerticalLayout {

  private final PlatformClient platform;
  private final RefreshProblem problem = new RefreshProblem();
  private final Grid<Collection> grid = new Grid<>();
  private final LiveRows<Collection> rows = new LiveRows<>(grid, Collection::name);
  private Map<String, String> counts = Map.of();

  @Inject
  public CollectionsView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    var header = new HorizontalLayout(new H2("Collections"));
    header.setAlignItems(Alignment.BASELINE);
    if (CurrentLogin.isAdmin()) {
      var create = new Button("New collection", e -> open(null));
      create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      create.setId("new-collection");
      header.add(create);
    }
    grid.setId("collections-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addColumn(
            LitRenderer.<Collection>of(
                    "<div class=\"cell-main\">${item.name}</div>"
                        + "<div class=\"cell-sub\">version ${item.version}</div>")
                .withProperty("name", Collection::name)
                .withProperty("version", Collection::version))
        .setHeader("Collection")
        .setAutoWidth(true)
        .setFlexGrow(0);
    Columns.text(grid, "Fields", CollectionsView::fields);
    Columns.text(grid, "Rules", CollectionsView::rules);
    Columns.number(grid, "Records", c -> counts.getOrDefault(c.name(), ""));
    grid.addColumn(RowButton.of("Records", "small", c -> "records-" + c.name(), this::browse))
        .setHeader("")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(
            RowButton.of(
                CurrentLogin.isAdmin() ? "Edit schema" : "Schema",
                "small",
                c -> "schema-" + c.name(),
                this::open))
        .setHeader("")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.setEmptyStateText(
        CurrentLogin.isAdmin()
            ? "No collection yet. Create one with New collection, then write its records"
                + " through /api/v1/collections/{name}/records."
            : "No collection yet: an administrator defines them.");
    grid.setAllRowsVisible(true);
    var note =
        new Paragraph(
            "Each collection is a table of typed records behind the API's tokens and rate limits."
                + " Records: what your roles let you list.");
    note.addClassName("muted");
    add(header, problem, note, grid);
    Polling.whileAttached(this, this::refresh);
  }

  private void refresh() {
    List<Collection> collections;
    try {
      collections = platform.collections(CurrentLogin.accessToken());
    } catch (ApiException e) {
      problem.show(e.getMessage());
      return;
    }
    problem.clear();
    var counted = new HashMap<String, String>();
    for (var collection : collections) {
      counted.put(collection.name(), count(collection.name()));
    }
    counts = counted;
    rows.show(collections);
  }

  /** The records the caller may list, or why it may not. */
  private String count(String collection) {
    try {
      var page =
          platform.records(
              CurrentLogin.accessToken(),
              collection,
              new PlatformClient.RecordsQuery(null, null, null, "id", 1));
      return Columns.count(page.getJsonNumber("total").longValue());
    } catch (ApiException e) {
      return e.status() == 403 ? "not yours to list" : "unknown";
    }
  }

  private static String fields(Collection collection) {
    if (collection.fields().isEmpty()) {
      return "no field";
    }
    return collection.fields().stream()
        .map(CollectionsView::field)
        .collect(Collectors.joining(", "));
  }

  private static String field(FieldSpec field) {
    return field.name()
        + " ("
        + field.type()
        + (field.isRequired() ? ", required" : "")
        + (field.isUnique() ? ", unique" : "")
        + ")";
  }

  private static String rules(Collection collection) {
    var rules = collection.rules();
    return "list "
        + grants(rules.list())
        + "; read "
        + grants(rules.read())
        + "; create "
        + grants(rules.create())
        + "; update "
        + grants(rules.update())
        + "; delete "
        + grants(rules.delete());
  }

  private static String grants(List<String> grants) {
    return grants == null || grants.isEmpty() ? "admins" : String.join(", ", grants);
  }

  private void open(Collection collection) {
    new CollectionDialog(platform, collection, CurrentLogin.isAdmin(), this::refresh).open();
  }

  private void browse(Collection collection) {
    getUI().ifPresent(ui -> ui.navigate(RecordsView.class, RecordsView.of(collection.name())));
  }
}
