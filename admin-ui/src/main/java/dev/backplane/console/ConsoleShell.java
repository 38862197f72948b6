package dev.backplane.console;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/** The console's page shell: Lumo's look, from the stylesheet Vaadin ships (no npm bundle). */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("context://styles/console.css")
public class ConsoleShell implements AppShellConfigurator {

  @Override
  public void configurePage(AppShellSettings settings) {
    settings.addFavIcon("icon", "icons/favicon.svg", "any");
  }
}
