package dev.backplane.console.webhooks;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.api.webhooks.entity.Webhook;
import dev.backplane.api.webhooks.entity.WebhookDelivery;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.LiveRows;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.RefreshProblem;
import dev.backplane.console.layout.RowButton;
import dev.backplane.console.layout.StatusBadge;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The webhooks with their state (enabled, failing since, disabled by the platform and why), and a
 * selected one's delivery log: each attempt's time, event, status code, duration and error.
 * Administrators register, change and delete webhooks and deliver a message again. Refreshed every
 * 5 seconds.
 */
@Route("webhooks")
@Menu(order = 4.6, title = "Webhooks", icon = "vaadin:connect")
@PageTitle("Webhooks · Backplane")
public class WebhooksView extends VerticalLayout {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PlatformClient platform;
  private final RefreshProblem problem = new RefreshProblem();
  private final Grid<Webhook> grid = new Grid<>();
  private final LiveRows<Webhook> rows = new LiveRows<>(grid, Webhook::id);
  private final Grid<WebhookDelivery> deliveries = new Grid<>();
  private final LiveRows<WebhookDelivery> deliveryRows =
      new LiveRows<>(deliveries, d -> d.messageId() + "/" + d.attemptedAt());
  private final H3 deliveriesTitle = new H3();
  private final Div log = new Div();
  private Webhook selected;

  @Inject
  public WebhooksView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    boolean admin = CurrentLogin.isAdmin();
    grid.setId("webhooks-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    Columns.fitted(grid, "Name", Webhook::name);
    Columns.text(grid, "URL", Webhook::url);
    Columns.text(grid, "Topics", w -> String.join(", ", w.topics()));
    grid.addColumn(new ComponentRenderer<>(WebhooksView::state))
        .setHeader("State")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(
            RowButton.of(
                admin ? "Edit" : "Show", "small", w -> "edit-" + w.name(), this::openDialog))
        .setHeader("")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.setAllRowsVisible(true);
    grid.addSelectionListener(
        e ->
            e.getFirstSelectedItem()
                .ifPresent(
                    webhook -> {
                      selected = webhook;
                      showDeliveries();
                    }));

    deliveries.setId("webhook-deliveries");
    Columns.fitted(deliveries, "Time (UTC)", d -> TIME.format(d.attemptedAt()));
    Columns.fitted(deliveries, "Event", d -> d.eventType() + " #" + d.eventId())
        .setTooltipGenerator(d -> "Message " + d.messageId() + " (the webhook-id header)");
    Columns.number(
        deliveries, "Status", d -> d.statusCode() == null ? "none" : d.statusCode().toString());
    Columns.number(deliveries, "Took", d -> d.durationMillis() + " ms");
    deliveries
        .addColumn(
            new ComponentRenderer<>(
                d -> StatusBadge.of(d.outcome(), d.outcome().equals("succeeded"))))
        .setHeader("Outcome")
        .setAutoWidth(true)
        .setFlexGrow(0);
    Columns.text(deliveries, "Error", d -> d.error() == null ? "" : d.error());
    if (admin) {
      deliveries
          .addColumn(
              RowButton.of(
                  "Redeliver", "small", d -> "redeliver-" + d.messageId(), this::redeliver))
          .setHeader("")
          .setAutoWidth(true)
          .setFlexGrow(0);
    }
    deliveries.setHeight("18rem");
    log.setWidthFull();
    log.add(deliveriesTitle, deliveries);
    log.setVisible(false);

    var header = new HorizontalLayout(new H2("Webhooks"));
    header.setAlignItems(Alignment.BASELINE);
    if (admin) {
      var create = new Button("New webhook", e -> openDialog(null));
      create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      create.setId("new-webhook");
      header.add(create);
    }
    var hint =
        new Paragraph(
            "Each event of a followed topic is POSTed, signed, to the URL; failed deliveries are"
                + " retried (see Jobs). Select a webhook for its delivery log.");
    hint.addClassName("muted");
    add(header, problem, hint, grid, log);
    Polling.whileAttached(this, this::refresh);
  }

  private static Span state(Webhook webhook) {
    if (!webhook.enabled()) {
      return StatusBadge.of(
          webhook.disabledReason() == null ? "disabled" : "disabled: failing", false);
    }
    if (webhook.failingSince() != null) {
      var badge = new Span("failing since " + TIME.format(webhook.failingSince()));
      badge.addClassNames("status-badge", "degraded");
      return badge;
    }
    return StatusBadge.of("enabled", true);
  }

  private void refresh() {
    List<Webhook> webhooks;
    try {
      webhooks = platform.webhooks(CurrentLogin.accessToken());
    } catch (ApiException e) {
      problem.show(e.getMessage());
      return;
    }
    problem.clear();
    rows.show(webhooks);
    if (selected != null) {
      webhooks.stream()
          .filter(w -> w.id().equals(selected.id()))
          .findFirst()
          .ifPresentOrElse(
              w -> {
                selected = w;
                showDeliveries();
              },
              () -> {
                selected = null;
                log.setVisible(false);
              });
    }
  }

  private void showDeliveries() {
    try {
      deliveryRows.show(platform.webhookDeliveries(CurrentLogin.accessToken(), selected.id(), 100));
      deliveriesTitle.setText("Deliveries of " + selected.name());
      log.setVisible(true);
    } catch (ApiException e) {
      problem.show(e.getMessage());
    }
  }

  private void openDialog(Webhook webhook) {
    new WebhookDialog(platform, webhook, CurrentLogin.isAdmin(), this::refresh).open();
  }

  private void redeliver(WebhookDelivery delivery) {
    try {
      platform.redeliverWebhookMessage(
          CurrentLogin.accessToken(), selected.id(), delivery.messageId());
      Notifications.success("Message " + delivery.messageId() + " is queued for delivery again.");
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }
}
