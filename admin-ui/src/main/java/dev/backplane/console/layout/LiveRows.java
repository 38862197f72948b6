package dev.backplane.console.layout;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.function.SerializableFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a grid that a refresh replaces, swapped in place and keyed by their id: a row keeps
 * its key from one refresh to the next, so a click on its button or a selection that reaches the
 * server while a refresh is on its way still finds it, and a selected row stays selected. (Setting
 * the grid's items anew gave every row a new key, and such a click was dropped.)
 */
public final class LiveRows<T> {

  private final List<T> rows = new ArrayList<>();
  private final ListDataProvider<T> provider;

  public LiveRows(Grid<T> grid, SerializableFunction<T, Object> id) {
    provider =
        new ListDataProvider<>(rows) {
          @Override
          public Object getId(T item) {
            return id.apply(item);
          }
        };
    grid.setItems(provider);
  }

  /** Shows these rows instead of the previous ones; rows with an id shown before keep their key. */
  public void show(List<T> fresh) {
    rows.clear();
    rows.addAll(fresh);
    provider.refreshAll();
  }
}
