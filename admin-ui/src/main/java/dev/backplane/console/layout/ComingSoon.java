package dev.backplane.console.layout;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/** The body of a view whose feature has not landed yet: what it will offer. */
public class ComingSoon extends VerticalLayout {

  public ComingSoon(String title, String promise) {
    var heading = new H2(title);
    var coming = new Paragraph("Coming: " + promise);
    coming.addClassName("muted");
    coming.setId("coming-soon");
    add(heading, coming);
  }
}
