package dev.backplane.console.audit;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.audit.entity.AuditEntry;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The audit trail, newest first, filtered by actor, action and target; a row opens to show the
 * target before and after the change.
 */
@Route("audit")
@PageTitle("Audit · Backplane")
public class AuditView extends VerticalLayout {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PlatformClient platform;
  private final TextField actor = filter("Actor", "audit-actor");
  private final TextField action = filter("Action", "audit-action");
  private final TextField target = filter("Target id", "audit-target");
  private final CallbackDataProvider<AuditEntry, Void> events;

  @Inject
  public AuditView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    action.setPlaceholder("e.g. user.create");

    var grid = new Grid<AuditEntry>();
    grid.setId("audit-grid");
    grid.addColumn(e -> TIME.format(e.occurredAt())).setHeader("Time (UTC)").setAutoWidth(true);
    grid.addColumn(AuditEntry::actor).setHeader("Actor").setAutoWidth(true);
    grid.addColumn(AuditEntry::action).setHeader("Action").setAutoWidth(true);
    grid.addColumn(e -> e.targetType() + " " + (e.targetId() == null ? "" : e.targetId()))
        .setHeader("Target")
        .setAutoWidth(true);
    grid.addColumn(AuditEntry::instanceId).setHeader("Instance").setAutoWidth(true);
    grid.setItemDetailsRenderer(new ComponentRenderer<>(AuditView::details));
    events =
        new CallbackDataProvider<>(
            query -> fetch(query.getOffset(), query.getLimit()), query -> count());
    grid.setItems(events);
    grid.setPageSize(50);
    grid.setSizeFull();
    Stream.of(actor, action, target)
        .forEach(f -> f.addValueChangeListener(e -> events.refreshAll()));

    var filters = new HorizontalLayout(actor, action, target);
    filters.setAlignItems(FlexComponent.Alignment.BASELINE);
    add(new H2("Audit trail"), filters, grid);
  }

  private Stream<AuditEntry> fetch(int offset, int limit) {
    try {
      return platform
          .audit(
              CurrentLogin.accessToken(),
              filter(actor),
              filter(action),
              filter(target),
              offset,
              Math.min(limit, 500))
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
              platform
                  .audit(
                      CurrentLogin.accessToken(),
                      filter(actor),
                      filter(action),
                      filter(target),
                      0,
                      1)
                  .total());
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
      return 0;
    }
  }

  /** A filter field's value; null (no filter) when it is blank. */
  private static String filter(TextField field) {
    return field.getValue().isBlank() ? null : field.getValue().trim();
  }

  private static Div details(AuditEntry entry) {
    var before = new Div(new Span("Before"), pretty(entry.before()));
    var after = new Div(new Span("After"), pretty(entry.after()));
    var row = new HorizontalLayout(before, after);
    row.setWidthFull();
    var details = new Div(row, new Span("Request " + entry.requestId()));
    details.addClassName("audit-details");
    return details;
  }

  private static Pre pretty(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return new Pre("(none)");
    }
    var text = new StringWriter();
    var factory = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    try (var writer = factory.createWriter(text)) {
      writer.write(value);
    }
    return new Pre(text.toString().trim());
  }

  private static TextField filter(String label, String id) {
    var field = new TextField(label);
    field.setClearButtonVisible(true);
    field.setValueChangeMode(ValueChangeMode.LAZY);
    field.setId(id);
    return field;
  }
}
