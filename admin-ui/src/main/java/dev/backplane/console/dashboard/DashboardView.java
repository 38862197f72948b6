package dev.backplane.console.dashboard;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.Health;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.StatusBadge;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;

/**
 * The first page: who is logged in, as the platform API sees the administrator's own token, and how
 * healthy the platform is.
 */
@Route("")
@PageTitle("Dashboard · Backplane")
public class DashboardView extends VerticalLayout {

  private final PlatformClient platform;
  private final Div identity = card("Signed in");
  private final Div health = card("Platform health");

  @Inject
  public DashboardView(PlatformClient platform) {
    this.platform = platform;
    var refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
    refresh.setId("refresh");
    var cards = new FlexLayout(identity, health);
    cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
    cards.getStyle().set("gap", "var(--lumo-space-l)");
    add(new H2("Dashboard"), cards, refresh);
    refresh();
  }

  private void refresh() {
    showIdentity();
    showHealth();
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
