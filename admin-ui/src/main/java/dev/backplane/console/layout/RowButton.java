package dev.backplane.console.layout;

import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.function.SerializablePredicate;
import com.vaadin.flow.function.ValueProvider;

/**
 * A button in every row of a grid, drawn by the browser from a template (no server component per
 * row, so a refresh does not replace it). A click runs the action with the row's current item.
 */
public final class RowButton {

  private RowButton() {}

  /**
   * @param label the button's text, shown as text (a row property, never part of the template)
   * @param theme Lumo theme names, such as "small error"
   * @param id the element id of the row's button, for tests and assistive tools
   */
  public static <T> LitRenderer<T> of(
      String label, String theme, ValueProvider<T, String> id, SerializableConsumer<T> action) {
    return of(label, theme, id, action, row -> true);
  }

  /** As above, the button shown only in the rows {@code shown} accepts (a retry on failed jobs). */
  public static <T> LitRenderer<T> of(
      String label,
      String theme,
      ValueProvider<T, String> id,
      SerializableConsumer<T> action,
      SerializablePredicate<T> shown) {
    if (!theme.matches("[a-z -]*")) {
      throw new IllegalArgumentException("not a list of theme names: " + theme);
    }
    return LitRenderer.<T>of(
            "<vaadin-button theme=\""
                + theme
                + "\" id=\"${item.id}\" ?hidden=\"${!item.shown}\" @click=\"${run}\">"
                + "${item.label}</vaadin-button>")
        .withProperty("id", id)
        .withProperty("shown", shown::test)
        .withProperty("label", row -> label)
        .withFunction("run", action);
  }
}
