package dev.backplane.console.layout;

import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.function.ValueProvider;

/**
 * A button in every row of a grid, drawn by the browser from a template (no server component per
 * row, so a refresh does not replace it). A click runs the action with the row's current item.
 */
public final class RowButton {

  private RowButton() {}

  /**
   * @param label the button's text, plain (escaped here)
   * @param theme Lumo theme names, such as "small error"
   * @param id the element id of the row's button, for tests and assistive tools
   */
  public static <T> LitRenderer<T> of(
      String label, String theme, ValueProvider<T, String> id, SerializableConsumer<T> action) {
    return LitRenderer.<T>of(
            "<vaadin-button theme=\""
                + escape(theme)
                + "\" id=\"${item.id}\" @click=\"${run}\">"
                + escape(label)
                + "</vaadin-button>")
        .withProperty("id", id)
        .withFunction("run", action);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
  }
}
