package dev.backplane.console.layout;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An address the console has no page for, shown inside the frame (menu and logout at hand) instead
 * of Vaadin's bare "Could not navigate" page, with a link back to the dashboard.
 */
@ParentLayout(MainLayout.class)
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

  @Override
  public int setErrorParameter(
      BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
    removeAll();
    var heading = new H2("Page not found");
    heading.setId("not-found");
    var path = event.getLocation().getPath();
    var explanation =
        new Paragraph(
            "The console has no page at /"
                + path
                + ". Choose a page from the menu, or go back to the dashboard.");
    var home = new Anchor("", "Go to the dashboard");
    home.setId("not-found-home");
    add(heading, explanation, home);
    event.getUI().getPage().setTitle("Page not found · Backplane");
    return HttpServletResponse.SC_NOT_FOUND;
  }
}
