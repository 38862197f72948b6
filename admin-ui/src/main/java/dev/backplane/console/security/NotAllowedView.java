package dev.backplane.console.security;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/** For someone who logged in but holds neither platform-admin nor platform-operator. */
@Route(value = "not-allowed", autoLayout = false)
@PageTitle("Not allowed · Backplane")
public class NotAllowedView extends VerticalLayout {

  public NotAllowedView() {
    var username = CurrentLogin.get().map(ConsoleLogin::username).orElse("(not logged in)");
    var title = new H1("Not allowed");
    title.setId("not-allowed");
    var explanation =
        new Paragraph(
            "You are logged in as "
                + username
                + ", but the console is for administrators (platform-admin) and operators"
                + " (platform-operator). Ask an administrator for one of these roles.");
    explanation.setId("not-allowed-explanation");
    add(title, explanation, LogoutLink.create());
    setAlignItems(Alignment.CENTER);
  }
}
