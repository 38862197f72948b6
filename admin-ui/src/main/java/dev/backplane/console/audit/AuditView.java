package dev.backplane.console.audit;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.audit.entity.AuditEntry;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.api.PlatformClient.AuditFilter;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.stream.Stream;

/**
 * The audit trail, newest first, filtered by actor, action (from the actions recorded), target and
 * days (UTC); targets by name with a link to users; a row opens to show the fields the change
 * touched, before and after; the filtered entries download as CSV.
 */
@Route("audit")
@Menu(order = 5, title = "Audit", icon = "vaadin:list")
@PageTitle("Audit · Backplane")
public class AuditView extends VerticalLayout {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PlatformClient platform;
  private final TextField actor = text("Actor", "audit-actor", "user name");
  private final ComboBox<String> action = new ComboBox<>("Action");
  private final TextField target = text("Target id", "audit-target", "e.g. a user's id");
  private final DatePicker from = new DatePicker("From (UTC)");
  private final DatePicker to = new DatePicker("To (UTC)");
  private final CallbackDataProvider<AuditEntry, Void> events;
  private volatile AuditFilter current = new AuditFilter(null, null, null, null, null, null);

  @Inject
  public AuditView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    action.setId("audit-action");
    action.setClearButtonVisible(true);
    action.setPlaceholder("any");
    action.setWidth("14rem");
    from.setId("audit-from");
    to.setId("audit-to");
    Stream.of(from, to)
        .forEach(
            day -> {
              day.setClearButtonVisible(true);
              day.setWidth("10rem");
              day.setMax(LocalDate.now(ZoneOffset.UTC));
            });

    var grid = new Grid<AuditEntry>();
    grid.setId("audit-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    Columns.fitted(grid, "Time (UTC)", e -> TIME.format(e.occurredAt()));
    grid.addComponentColumn(AuditView::actor).setHeader("Actor").setAutoWidth(true).setFlexGrow(0);
    Columns.fitted(grid, "Action", AuditEntry::action);
    grid.addComponentColumn(AuditView::target).setHeader("Target").setFlexGrow(1);
    Columns.text(grid, "Instance", AuditEntry::instanceId).setFlexGrow(0).setWidth("12rem");
    grid.setItemDetailsRenderer(new ComponentRenderer<>(AuditChanges::of));
    grid.setEmptyStateText("No audit entry matches these filters.");
    events =
        new CallbackDataProvider<>(
            query -> fetch(query.getOffset(), query.getLimit()), query -> count());
    grid.setItems(events);
    grid.setPageSize(50);
    grid.setSizeFull();
    actor.addValueChangeListener(e -> filtered());
    action.addValueChangeListener(e -> filtered());
    target.addValueChangeListener(e -> filtered());
    from.addValueChangeListener(e -> filtered());
    to.addValueChangeListener(e -> filtered());

    // the download runs outside the UI's lock: it reads the filters as they were last set
    var export = new Anchor(AuditCsv.of(platform, () -> current), "");
    export.setDownload(true);
    export.add(VaadinIcon.DOWNLOAD.create(), new Span("Export CSV"));
    export.setId("audit-export");
    export.addClassName("export-link");

    var filters = new FlexLayout(actor, action, target, from, to, export);
    filters.setFlexWrap(FlexLayout.FlexWrap.WRAP);
    filters.setAlignItems(FlexComponent.Alignment.BASELINE);
    filters.addClassName("filters");
    var header = new HorizontalLayout(new H2("Audit trail"));
    add(header, filters, grid);
    addAttachListener(attach -> loadActions());
  }

  private void filtered() {
    current = filter();
    events.refreshAll();
  }

  private void loadActions() {
    try {
      action.setItems(platform.auditActions(CurrentLogin.accessToken()));
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }

  /** The filters as they are set; a day range covers whole days in UTC. */
  AuditFilter filter() {
    return new AuditFilter(
        blankless(actor.getValue()),
        action.getValue(),
        null,
        blankless(target.getValue()),
        from.getValue() == null ? null : from.getValue().atStartOfDay().toInstant(ZoneOffset.UTC),
        to.getValue() == null
            ? null
            : to.getValue().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  private Stream<AuditEntry> fetch(int offset, int limit) {
    try {
      return platform
          .audit(CurrentLogin.accessToken(), filter(), offset, Math.min(limit, 500))
          .items()
          .stream();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
      return Stream.empty();
    }
  }

  private int count() {
    try {
      return (int)
          Math.min(
              Integer.MAX_VALUE,
              platform.audit(CurrentLogin.accessToken(), filter(), 0, 1).total());
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
      return 0;
    }
  }

  /** The actor by user name, its id on hover, linking to the user (not a client's account). */
  private static Component actor(AuditEntry entry) {
    if (entry.actorId() == null || entry.actor().startsWith("service-account-")) {
      var name = new Span(entry.actor());
      if (entry.actorId() != null) {
        name.setTitle("Id " + entry.actorId());
      }
      return name;
    }
    var link = new Anchor("users/" + entry.actorId(), entry.actor());
    link.setTitle("Id " + entry.actorId());
    link.addClassName("audit-actor-link");
    return link;
  }

  /** The target by name, its id on hover; a user links to its page. */
  private static Component target(AuditEntry entry) {
    var label =
        entry.targetName() != null
            ? entry.targetName()
            : entry.targetId() != null ? entry.targetId() : "";
    var type = new Span(entry.targetType() + " ");
    type.addClassName("muted");
    // a user has a page of its own; a policy or a cache is shown in its view
    var page =
        switch (entry.targetType()) {
          case "user" -> entry.targetId() == null ? null : "users/" + entry.targetId();
          case "rate-limit-policy" -> "rate-limits";
          case "cache" -> "caches";
          default -> null;
        };
    Component name;
    if (page != null) {
      var link = new Anchor(page, label);
      link.addClassName("audit-target-link");
      name = link;
    } else {
      name = new Span(label);
    }
    var cell = new Span(type, name);
    cell.addClassName("audit-target");
    if (entry.targetId() != null) {
      cell.setTitle("Id " + entry.targetId());
    }
    return cell;
  }

  private static String blankless(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }

  private static TextField text(String label, String id, String placeholder) {
    var field = new TextField(label);
    field.setClearButtonVisible(true);
    field.setValueChangeMode(ValueChangeMode.LAZY);
    field.setPlaceholder(placeholder);
    field.setWidth("12rem");
    field.setId(id);
    return field;
  }

  /** The fields a change touched, before and after, the changed ones marked. */
  static final class AuditChanges {

    private AuditChanges() {}

    static Div of(AuditEntry entry) {
      var before = object(entry.before());
      var after = object(entry.after());
      var fields = new LinkedHashSet<String>();
      fields.addAll(before.keySet());
      fields.addAll(after.keySet());
      var rows = new ArrayList<Component>();
      rows.add(cell("Field", "audit-head"));
      rows.add(cell("Before", "audit-head"));
      rows.add(cell("After", "audit-head"));
      for (var field : fields) {
        var old = before.get(field);
        var now = after.get(field);
        boolean changed = old == null ? now != null : !old.equals(now);
        var style = changed ? "audit-changed" : "audit-same";
        rows.add(cell(field, style));
        rows.add(cell(show(old), style));
        rows.add(cell(show(now), style));
      }
      var table = new Div(rows.toArray(Component[]::new));
      table.addClassName("audit-changes");
      var details = new Div();
      details.addClassName("audit-details");
      if (fields.isEmpty()) {
        details.add(new Span("No state was recorded with this entry."));
      } else {
        details.add(table);
      }
      var request = new Span("Request " + entry.requestId() + " · instance " + entry.instanceId());
      request.addClassName("muted");
      details.add(request);
      return details;
    }

    private static JsonObject object(JsonValue value) {
      return value instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static String show(JsonValue value) {
      if (value == null) {
        return "-";
      }
      return switch (value.getValueType()) {
        case STRING -> ((jakarta.json.JsonString) value).getString();
        case NULL -> "-";
        default -> value.toString();
      };
    }

    private static Span cell(String text, String style) {
      var cell = new Span(text);
      cell.addClassName(style);
      return cell;
    }
  }
}
