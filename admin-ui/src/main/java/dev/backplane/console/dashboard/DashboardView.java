package dev.backplane.console.dashboard;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.Health;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.api.PlatformClient.AuditFilter;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.StatusBadge;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The first page, the platform at a glance: counts that link to their views (users, policies and
 * what they refused in 15 minutes, instances, the caches' hit ratio), the latest audit entries, who
 * is signed in as the API sees the administrator's token, and health. Refreshed every 5 seconds
 * while open.
 */
@Route("")
@Menu(order = 0, title = "Dashboard", icon = "vaadin:dashboard")
@PageTitle("Dashboard · Backplane")
public class DashboardView extends VerticalLayout {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final PlatformClient platform;
  private final Div identity = card("Signed in");
  private final Div health = card("Platform health");
  private final FlexLayout figures = new FlexLayout();
  private final Div latest = new Div();

  @Inject
  public DashboardView(PlatformClient platform) {
    this.platform = platform;
    var refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
    refresh.setId("refresh");
    figures.setId("dashboard-figures");
    figures.setFlexWrap(FlexLayout.FlexWrap.WRAP);
    figures.addClassName("figures");
    latest.setId("dashboard-latest");
    latest.addClassName("card");
    var cards = new FlexLayout(identity, health, latest);
    cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
    cards.addClassName("cards");
    add(new H2("Dashboard"), figures, cards, refresh);
    Polling.whileAttached(this, this::refresh);
  }

  private void refresh() {
    var token = CurrentLogin.accessToken();
    figures.removeAll();
    figures.add(Figures.users(platform, token));
    figures.add(Figures.policies(platform, token));
    figures.add(Figures.instances(platform, token));
    figures.add(Figures.caches(platform, token));
    showLatest(token);
    showIdentity();
    showHealth();
  }

  private void showLatest(String token) {
    latest.removeAll();
    latest.add(new H3("Latest changes"));
    try {
      var entries =
          platform.audit(token, new AuditFilter(null, null, null, null, null, null), 0, 5).items();
      if (entries.isEmpty()) {
        latest.add(muted("No administrator has changed anything yet."));
      }
      for (var entry : entries) {
        var line =
            new Paragraph(
                new Span(TIME.format(entry.occurredAt()) + " "),
                strong(entry.actor()),
                new Span(" " + entry.action() + " "),
                strong(entry.targetName() != null ? entry.targetName() : entry.targetType()));
        line.addClassName("latest-entry");
        latest.add(line);
      }
      latest.add(new Anchor("audit", "The whole audit trail"));
    } catch (ApiException e) {
      latest.add(error("latest-error", e.getMessage()));
    }
  }

  private static Span strong(String text) {
    var span = new Span(text);
    span.getStyle().set("font-weight", "600");
    return span;
  }

  private void showIdentity() {
    identity.removeAll();
    identity.add(new H3("Signed in"));
    var token = CurrentLogin.accessToken();
    try {
      var me = platform.me(token);
      var username = new Span(me.username());
      username.setId("signed-in-user");
      username.getStyle().set("font-weight", "600");
      var roles = new Span(String.join(", ", me.roles()));
      roles.setId("signed-in-roles");
      identity.add(
          new Paragraph(username),
          new Paragraph(new Span("Roles: "), roles),
          muted("Client " + me.client() + " · subject " + me.subject()));
    } catch (ApiException e) {
      identity.add(error("me-error", e.getMessage()));
    }
  }

  private void showHealth() {
    health.removeAll();
    health.add(new H3("Platform health"));
    try {
      Health answer = platform.health();
      var overall = StatusBadge.of(answer.status());
      overall.setId("health-status");
      health.add(new Paragraph(new Span("Overall "), overall));
      for (var check : answer.checks()) {
        var line = new Paragraph(StatusBadge.of(check.status()), new Span(" " + check.name()));
        line.addClassName("health-check");
        line.getElement().setAttribute("data-check", check.name());
        health.add(line);
      }
      // the shared dependencies never fail readiness; their state is in the check's data
      answer.checks().stream()
          .filter(check -> check.name().equals("dependencies") && check.data() != null)
          .flatMap(check -> check.data().entrySet().stream())
          .filter(entry -> !entry.getKey().contains(".") && !entry.getKey().equals("degraded"))
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              entry -> {
                var line =
                    new Paragraph(
                        StatusBadge.of(entry.getValue().toUpperCase(Locale.ROOT)),
                        new Span(" " + entry.getKey()));
                line.addClassName("dependency");
                line.getElement().setAttribute("data-dependency", entry.getKey());
                health.add(line);
              });
    } catch (ApiException e) {
      var overall = StatusBadge.of("UNKNOWN");
      overall.setId("health-status");
      health.add(
          new Paragraph(new Span("Overall "), overall), error("health-error", e.getMessage()));
    }
  }

  private static Div card(String title) {
    var card = new Div(new H3(title));
    card.addClassName("card");
    return card;
  }

  private static Paragraph muted(String text) {
    var paragraph = new Paragraph(text);
    paragraph.addClassName("muted");
    return paragraph;
  }

  private static Paragraph error(String id, String text) {
    var paragraph = new Paragraph(text);
    paragraph.setId(id);
    paragraph.getStyle().set("color", "var(--lumo-error-text-color)");
    return paragraph;
  }
}
