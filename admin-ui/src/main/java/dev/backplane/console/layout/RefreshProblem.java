package dev.backplane.console.layout;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * What a live view says when its refresh fails: a sentence at its top, kept until a refresh
 * succeeds (instead of a new notification every 5 seconds), while the figures last shown stay.
 */
public final class RefreshProblem extends Div {

  private final Span text = new Span();

  public RefreshProblem() {
    setId("refresh-problem");
    addClassName("refresh-problem");
    add(text);
    setVisible(false);
  }

  /** Says what went wrong, and that the view keeps trying. */
  public void show(String problem) {
    text.setText(
        problem
            + " The figures below are the last ones read; the view tries again every 5 seconds.");
    setVisible(true);
  }

  public void clear() {
    setVisible(false);
  }
}
