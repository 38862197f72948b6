package dev.backplane.console.layout;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A view refreshed from the server while it is shown: the browser asks every 5 s (Vaadin's polling,
 * no push connection), and stops when the view is left.
 */
public final class Polling {

  /** How often an open view refreshes (the bound: at most every 5 s). */
  public static final int INTERVAL_MILLIS = 5000;

  private Polling() {}

  /**
   * Refreshes the view once each time it is attached, then at every poll of its UI until it is
   * detached.
   */
  public static void whileAttached(Component view, Runnable refresh) {
    var running = new AtomicReference<Registration>();
    view.addAttachListener(attach -> running.set(start(attach, refresh)));
    view.addDetachListener(
        detach -> {
          var registration = running.getAndSet(null);
          if (registration != null) {
            registration.remove();
          }
        });
  }

  private static Registration start(AttachEvent attach, Runnable refresh) {
    refresh.run();
    UI ui = attach.getUI();
    ui.setPollInterval(INTERVAL_MILLIS);
    var listener = ui.addPollListener(poll -> refresh.run());
    return () -> {
      listener.remove();
      ui.setPollInterval(-1);
    };
  }
}
