package dev.backplane.console.layout;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.function.SerializableFunction;
import com.vaadin.flow.function.ValueProvider;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * The console's grid columns, so that a grid fits a laptop's width (1366 px) without a sideways
 * scroll: numbers aligned right, as wide as their header and values; text taking the room left,
 * wrapped, with its whole value in a tooltip.
 */
public final class Columns {

  private Columns() {}

  /** A number (already written with its unit, if any), right-aligned, as wide as it needs. */
  public static <T> Grid.Column<T> number(
      Grid<T> grid, String header, ValueProvider<T, String> value) {
    return grid.addColumn(value)
        .setHeader(header)
        .setTextAlign(ColumnTextAlign.END)
        .setAutoWidth(true)
        .setFlexGrow(0);
  }

  /** A short value (a name, a state), as wide as it needs. */
  public static <T> Grid.Column<T> fitted(
      Grid<T> grid, String header, ValueProvider<T, String> value) {
    return grid.addColumn(value).setHeader(header).setAutoWidth(true).setFlexGrow(0);
  }

  /** A value of any length: takes the width left, wraps, and shows itself whole on hover. */
  public static <T> Grid.Column<T> text(
      Grid<T> grid, String header, ValueProvider<T, String> value) {
    return grid.addColumn(value)
        .setHeader(header)
        .setFlexGrow(1)
        .setTooltipGenerator((SerializableFunction<T, String>) value::apply);
  }

  /** A count with thousands grouped: 12,345. */
  public static String count(long value) {
    return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
  }
}
